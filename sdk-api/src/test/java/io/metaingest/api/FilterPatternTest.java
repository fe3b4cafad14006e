package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterPatternTest {

    @Test
    void includesWinOverExcludes() {
        FilterPattern pattern = new FilterPattern(List.of("sales"), List.of("sales_tmp"));
        assertThat(pattern.includes("sales_tmp")).isTrue();
        assertThat(pattern.includes("finance")).isFalse();
    }

    @Test
    void excludesApplyWhenNoIncludes() {
        FilterPattern pattern = FilterPattern.excluding("^information_schema$", "pg_");
        assertThat(pattern.includes("information_schema")).isFalse();
        assertThat(pattern.includes("information_schema_copy")).isTrue();
        assertThat(pattern.includes("pg_catalog")).isFalse();
        assertThat(pattern.includes("public")).isTrue();
    }

    @Test
    void matchesFromTheStartButNotTheWholeName() {
        FilterPattern pattern = FilterPattern.including("ord");
        assertThat(pattern.includes("orders")).isTrue();
        assertThat(pattern.includes("backorders")).isFalse();
    }

    @Test
    void ignoresCase() {
        assertThat(FilterPattern.including("SALES").includes("sales_eu")).isTrue();
        assertThat(FilterPattern.excluding("tmp").includes("TMP_orders")).isFalse();
    }

    @Test
    void emptyPatternAcceptsEverything() {
        assertThat(FilterPattern.acceptAll().includes("anything")).isTrue();
        assertThat(new FilterPattern(null, null).includes("x")).isTrue();
        assertThat(FilterPattern.orAll(null).includes("x")).isTrue();
    }

    @Test
    void invalidRegexIsAConfigurationErrorNamingTheExpression() {
        assertThatThrownBy(() -> FilterPattern.including("sales("))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("includes: invalid regular expression \"sales(\"");
        assertThat(FilterPattern.regexProblem("[a-")).get().asString().contains("invalid regular expression");
        assertThat(FilterPattern.regexProblem("^ok$")).isEmpty();
    }

    @Test
    void rejectionExplainsWhy() {
        assertThat(FilterPattern.including("a").rejection("b")).hasValue("matches no include pattern [a]");
        assertThat(FilterPattern.excluding("b").rejection("b")).hasValue("matches an exclude pattern [b]");
        assertThat(FilterPattern.excluding("b").rejection("a")).isEmpty();
    }

    @Test
    void bindsFromOpenMetadataJson() throws Exception {
        FilterPattern pattern = new ObjectMapper().readValue("{\"includes\":[\"^a\"],\"excludes\":[\"^b\"]}",
                FilterPattern.class);
        assertThat(pattern.includes()).containsExactly("^a");
        assertThat(pattern.excludes()).containsExactly("^b");
        assertThat(new ObjectMapper().writeValueAsString(FilterPattern.including("x")))
                .isEqualTo("{\"includes\":[\"x\"]}");
    }

    @Test
    void characterClassesAreUnicodeAsInPython() {
        FilterPattern words = FilterPattern.including("^(\\w+\\s?)*$");
        assertThat(words.includes("Ümlaut_tbl")).isTrue();
        assertThat(words.includes("表格")).isTrue();
        assertThat(words.includes("a-b")).isFalse();
        assertThat(FilterPattern.including("^\\d+$").includes("٣٤")).isTrue();
        assertThat(FilterPattern.including("^ümlaut").includes("ÜMLAUT_x")).isTrue();
    }

    @Test
    void aPatternThatBacktracksExponentiallyGivesUpNamingItselfAndTheName() {
        String name = "a".repeat(62) + "b";
        FilterPattern runaway = new FilterPattern(List.of(), List.of("^keep", "(.*a){30}x"));
        assertThatThrownBy(() -> runaway.includes(name))
                .isInstanceOf(RunawayPatternException.class)
                .isInstanceOf(UserFacingMessage.class)
                .hasMessageStartingWith("excludes[1] \"(.*a){30}x\" gave up on the name \"" + name + "\" after 10,000,000 steps")
                .hasMessageContaining("catastrophic backtracking");
        assertThatThrownBy(() -> runaway.rejection(name)).isInstanceOf(RunawayPatternException.class);
        // The same pattern decides a short name, and a pattern that backtracks as usual a long one.
        assertThat(runaway.includes("aax")).isTrue();
        assertThat(runaway.includes("keep_" + name)).isFalse();
        assertThat(FilterPattern.excluding(".*_tmp.*_old").includes("x".repeat(5_000))).isTrue();
    }

    @Test
    void aLongNameIsShortenedInTheMessage() {
        String name = "a".repeat(200);
        assertThatThrownBy(() -> FilterPattern.including("(.*a){30}x").includes(name))
                .hasMessageContaining("\"" + "a".repeat(77) + "...\" after");
    }
}
