package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private final EnvSubstitution substitution = new EnvSubstitution(Map.of("HOST", "db:5432", "LIMIT", "80",
            "FLAG", "true", "EMPTY", "")::get);

    private JsonNode yaml(String text) throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    /** {@code text} read and its variables substituted, which must raise no problem. */
    private JsonNode substituted(String text) throws Exception {
        JsonNode root = yaml(text);
        assertThat(substitution.apply(root)).isEmpty();
        return root;
    }

    @Test
    void substitutesInsideStrings() throws Exception {
        JsonNode root = substituted("a:\n  hostPort: \"jdbc://${HOST}/x\"\n");
        assertThat(root.at("/a/hostPort").asText()).isEqualTo("jdbc://db:5432/x");
    }

    /** The shell's rules: ":-" takes the default when the variable is unset or empty, "-" only when it is unset. */
    @Test
    void aColonDashDefaultReplacesAnEmptyValueAndADashDefaultOnlyAnUnsetOne() throws Exception {
        JsonNode root = yaml("a: \"${EMPTY:-d}\"\nb: \"${UNSET:-d}\"\nc: \"${EMPTY-d}\"\nd: \"${UNSET-d}\"\n"
                + "e: \"${HOST-d}\"\nf: \"${HOST:-d}\"\ng: \"${EMPTY}\"\nh: \"x${EMPTY}\"\n");
        EnvSubstitution.Substituted done = substitution.substitute(root, java.util.Set.of());
        assertThat(done.problems()).isEmpty();
        assertThat(List.of("a", "b", "c", "d", "e", "f", "g", "h")).map(k -> root.get(k).asText())
                .containsExactly("d", "d", "", "d", "db:5432", "db:5432", "", "x");
        // The values an empty variable alone left empty: a "must not be empty" there can name it.
        assertThat(done.emptyFrom()).containsExactlyInAnyOrderEntriesOf(Map.of("c", "EMPTY", "g", "EMPTY"));
    }

    @Test
    void aWholeValueTakesItsNaturalType() throws Exception {
        JsonNode root = yaml("threshold: ${LIMIT}\nenabled: ${FLAG}\nname: \"x${LIMIT}\"\n");
        substitution.apply(root);
        assertThat(root.get("threshold").isIntegralNumber()).isTrue();
        assertThat(root.get("threshold").asInt()).isEqualTo(80);
        assertThat(root.get("enabled").isBoolean()).isTrue();
        assertThat(root.get("name").isTextual()).isTrue();
    }

    @Test
    void aRecursiveAliasEndsTheWalkOfQuotedScalars() {
        // found by the config fuzz: the walk followed the alias back into itself until the stack ran out
        String text = "source: &loop\n  name: \"x\"\n  again: *loop\n";
        assertThat(QuotedScalars.of(text)).containsExactly("source.name");
    }

    @Test
    void aQuotedWholeValueStaysAString() throws Exception {
        String text = "jobIds:\n  - \"${LIMIT}\"\n  - ${LIMIT}\nid: '${LIMIT}'\nlimit: ${LIMIT}\n";
        JsonNode root = yaml(text);
        assertThat(QuotedScalars.of(text)).containsExactlyInAnyOrder("jobIds[0]", "id");
        assertThat(substitution.apply(root, QuotedScalars.of(text))).isEmpty();
        assertThat(root.at("/jobIds/0").isTextual()).isTrue();
        assertThat(root.at("/jobIds/0").asText()).isEqualTo("80");
        assertThat(root.at("/jobIds/1").isIntegralNumber()).isTrue();
        assertThat(root.get("id").isTextual()).isTrue();
        assertThat(root.get("limit").isIntegralNumber()).isTrue();
    }

    @Test
    void usesTheDefaultWhenUnset() throws Exception {
        JsonNode root = substituted("list:\n  - ${MISSING:-fallback}\n  - ${MISSING:-}\n");
        assertThat(root.at("/list/0").asText()).isEqualTo("fallback");
        assertThat(root.at("/list/1").asText()).isEmpty();
    }

    @Test
    void reportsEachMissingVariableWithItsPath() throws Exception {
        JsonNode root = yaml("source:\n  config:\n    password: ${DB_PASSWORD}\nitems: [\"${A1}\"]\n");
        List<ConfigProblem> problems = substitution.apply(root);
        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                "source.config.password: environment variable DB_PASSWORD is not set; export it, or write ${DB_PASSWORD:-<default>}",
                "items[0]: environment variable A1 is not set; export it, or write ${A1:-<default>}");
    }

    @Test
    void doubleDollarEscapes() throws Exception {
        JsonNode root = substituted("q: \"cost $${HOST}\"\n");
        assertThat(root.get("q").asText()).isEqualTo("cost ${HOST}");
    }

    @Test
    void aBareDollarVariableExpandsWhenDefinedAndStaysAsWrittenOtherwise() throws Exception {
        JsonNode root = substituted("hostPort: $HOST\npassword: Pa$sword\nurl: \"http://$HOST/$UNSET/x\"\nlimit: $LIMIT\n");
        assertThat(root.get("hostPort").asText()).isEqualTo("db:5432");
        assertThat(root.get("password").asText()).isEqualTo("Pa$sword");
        assertThat(root.get("url").asText()).isEqualTo("http://db:5432/$UNSET/x");
        assertThat(root.get("limit").isIntegralNumber()).isTrue();
    }

    /** A value that is nothing but an undefined $VAR is kept (OpenMetadata does), with a warning naming it. */
    @Test
    void aWholeValueThatIsAnUndefinedBareVariableIsKeptWithAWarning() throws Exception {
        JsonNode root = yaml("auth:\n  jwtToken: $OM_BOT_JWT\npassword: Pa$sword\nurl: \"http://$UNSET/x\"\n");
        EnvSubstitution.Substituted done = substitution.substitute(root, java.util.Set.of());
        assertThat(done.problems()).isEmpty();
        assertThat(root.at("/auth/jwtToken").asText()).isEqualTo("$OM_BOT_JWT");
        // Only the whole-value reference: Pa$sword and a reference inside text are what they always were.
        assertThat(done.warnings()).containsExactly("auth.jwtToken: environment variable OM_BOT_JWT is not set, so"
                + " the value is the text as written; export it, or write ${OM_BOT_JWT} to make a missing variable"
                + " an error");
        assertThat(done.warnings().get(0)).doesNotContain("$OM_BOT_JWT"); // the text a masker may hide as a secret
    }
}
