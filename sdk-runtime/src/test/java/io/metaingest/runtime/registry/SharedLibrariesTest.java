package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The class loader's parent-first libraries and the plugin assembly's exclusions are one list. */
class SharedLibrariesTest {

    private static final Path ASSEMBLY = Path.of("..", "build", "connector-plugin.xml");

    @Test
    void thePluginAssemblyLeavesOutExactlyTheSharedLibraries() throws Exception {
        String xml = Files.readString(ASSEMBLY);
        List<String> excluded = new ArrayList<>();
        Matcher m = Pattern.compile("<exclude>([^<]+)</exclude>").matcher(xml);
        while (m.find()) {
            excluded.add(m.group(1).trim());
        }
        assertThat(excluded).as("excludes of " + ASSEMBLY + " vs PluginClassLoader.SHARED_LIBRARIES")
                .containsExactlyInAnyOrderElementsOf(PluginClassLoader.SHARED_LIBRARIES.stream()
                        .map(PluginClassLoader.SharedLibrary::artifacts).toList());
    }

    @Test
    void everySharedLibraryLoadsParentFirst() {
        for (PluginClassLoader.SharedLibrary library : PluginClassLoader.SHARED_LIBRARIES) {
            assertThat(PluginClassLoader.isShared(library.packagePrefix() + "Anything")).isTrue();
        }
        assertThat(PluginClassLoader.isShared("io.metaingest.toolkit.JsonHttpClient")).isFalse();
    }
}
