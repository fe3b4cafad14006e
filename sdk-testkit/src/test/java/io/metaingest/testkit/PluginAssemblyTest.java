package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.registry.PluginClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example connector's plugin folder (and so every project the archetype generates from it) leaves
 * out what the runtime shares with plugins: the runtime's list, which an outsider's POM cannot
 * import, copied once into the example's POM (its copy-dependencies excludes) and held to it here.
 * Without the excludes a connector that adds sdk-toolkit ships sdk-api, Jackson, SLF4J and
 * jakarta.inject in its folder.
 */
class PluginAssemblyTest {

    private static final Path EXAMPLE_POM = Path.of("..", "examples", "csv-connector", "pom.xml");

    @Test
    void theExamplesPluginFolderLeavesOutExactlyWhatTheRuntimeShares() throws Exception {
        String pom = Files.readString(EXAMPLE_POM);
        List<String> excluded = new ArrayList<>();
        // copy-dependencies names a whole group as its groupId and one artifact by its artifactId.
        for (String group : listed(pom, "excludeGroupIds")) {
            excluded.add(group + ":*");
        }
        List<String> artifacts = listed(pom, "excludeArtifactIds");
        List<String> shared = PluginClassLoader.SHARED_LIBRARIES.stream().map(PluginClassLoader.SharedLibrary::artifacts)
                .toList();
        for (String artifact : artifacts) {
            shared.stream().filter(a -> a.endsWith(":" + artifact)).findFirst().ifPresentOrElse(excluded::add,
                    () -> excluded.add("?:" + artifact));
        }
        assertThat(excluded).as("excludes of the plugin-folder-libraries execution in " + EXAMPLE_POM
                + " vs PluginClassLoader.SHARED_LIBRARIES").containsExactlyInAnyOrderElementsOf(shared);
    }

    /** The comma-separated list of the one {@code <element>} of the POM. */
    private static List<String> listed(String pom, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(pom);
        assertThat(m.find()).as(EXAMPLE_POM + " has <" + element + ">").isTrue();
        List<String> items = List.of(m.group(1).split(",")).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        assertThat(m.find()).as(EXAMPLE_POM + " has one <" + element + ">").isFalse();
        return items;
    }
}
