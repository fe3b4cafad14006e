package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.toolkit.quality.TestDefinitionSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's list of test definitions is a copy of what the Postgres connector declares (which {@code connectors
 * describe Postgres} prints): a definition added to the toolkit and not to the README, or the reverse, fails here.
 */
class ReadmeDefinitionsTest {

    private static final String START = "Test definitions, with OpenMetadata's parameter and result value names:";
    private static final String END = "Each test gives one result";
    private static final Pattern NAME = Pattern.compile("`((?:table|column)[A-Z][A-Za-z]*)`");

    @Test
    void theReadmeListsExactlyTheDefinitionsPostgresDeclares() throws Exception {
        // Surefire runs in the module's folder; the README is the repository's.
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END, start);
        assertThat(start).as("the README's list of test definitions, starting '" + START + "'").isNotNegative();
        Set<String> listed = new TreeSet<>();
        Matcher names = NAME.matcher(readme.substring(start, end));
        while (names.find()) {
            listed.add(names.group(1));
        }
        assertThat(listed).containsExactlyElementsOf(new TreeSet<>(TestDefinitionSql.names()));
        assertThat(new PostgresSpec().testDefinitions()).extracting(d -> d.name()).containsExactlyElementsOf(listed);
    }
}
