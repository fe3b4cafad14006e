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
 * import, copied once into the example's assembly and held to it here. Without the excludes a
 * connector that adds sdk-toolkit ships sdk-api, Jackson, SLF4J and jakarta.inject in its folder.
 */
class PluginAssemblyTest {

    private static final Path EXAMPLE_ASSEMBLY = Path.of("..", "examples", "csv-connector", "src", "assembly",
            "plugin-folder.xml");

    @Test
    void theExamplesPluginFolderLeavesOutExactlyWhatTheRuntimeShares() throws Exception {
        List<String> excluded = new ArrayList<>();
        Matcher m = Pattern.compile("<exclude>([^<]+)</exclude>").matcher(Files.readString(EXAMPLE_ASSEMBLY));
        while (m.find()) {
            excluded.add(m.group(1).trim());
        }
        assertThat(excluded).as("excludes of " + EXAMPLE_ASSEMBLY + " vs PluginClassLoader.SHARED_LIBRARIES")
                .containsExactlyInAnyOrderElementsOf(PluginClassLoader.SHARED_LIBRARIES.stream()
                        .map(PluginClassLoader.SharedLibrary::artifacts).toList());
    }
}
