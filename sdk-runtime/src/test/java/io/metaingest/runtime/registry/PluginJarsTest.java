package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin folder's jars must not be: a plugin that uses a class of metaingest's runtime is told it
 * cannot (not to add a jar), a folder carrying metaingest's own jars is warned of and they are left out,
 * and two versions of one library are warned of, naming both jars.
 */
class PluginJarsTest {

    @TempDir
    Path plugins;
    @TempDir
    Path build;

    /** A spec whose description uses the runtime's Mappers, as an archetype's author might by mistake. */
    private static final String SPEC = """
                package com.acme.lite;
                public class LiteSpec implements io.metaingest.api.ServiceSpec {
                    public String serviceType() { return "Lite"; }
                    public io.metaingest.api.ServiceCategory category() { return io.metaingest.api.ServiceCategory.PIPELINE; }
                    public Class<?> connectionType() { return java.util.Map.class; }
                    public String connectionSchema() { return "/schemas/lite.json"; }
                    public java.util.List<io.metaingest.api.StepSpec<?>> steps() {
                        return java.util.List.of(io.metaingest.api.StepSpec.source(io.metaingest.api.config.SourceConfigType.PIPELINE_METADATA, Src.class));
                    }
                    public static class Src implements io.metaingest.api.Source<Object> {
                        public java.util.stream.Stream<io.metaingest.api.Result<Object>> read() { return java.util.stream.Stream.empty(); }
                    }
                    public String description() {
                        return io.metaingest.runtime.Mappers.class.getName();
                    }
                }
                """;

    private void litePlugin() throws Exception {
        JarBuilder.build(build, plugins.resolve("lite/lite-connector-1.0.jar"), Map.of("com.acme.lite.LiteSpec", SPEC),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.lite.LiteSpec", "schemas/lite.json", "{\"type\":\"object\"}"),
                List.of(location(ServiceSpec.class), location(Mappers.class)));
    }

    private static Path location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private String describedFailure(ServiceSpecRegistry registry) {
        Throwable failure = catchThrowable(() -> registry.find("Lite").orElseThrow().spec().description());
        assertThat(failure).isInstanceOf(NoClassDefFoundError.class);
        return PluginClassLoader.missingClass(failure).orElseThrow();
    }

    @Test
    void aPluginUsingARuntimeClassIsToldItCannotNotToAddAJar() throws Exception {
        litePlugin();

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).isEmpty();
        assertThat(describedFailure(registry)).isEqualTo("plugin lite uses io.metaingest.runtime.Mappers, a class of"
                + " metaingest's runtime, which plugins cannot use: depend on sdk-api and sdk-toolkit only");
    }

    @Test
    void metaingestsOwnJarsInAPluginFolderAreWarnedOfAndLeftOut() throws Exception {
        litePlugin();
        Path runtime = location(Mappers.class);
        if (Files.isRegularFile(runtime)) {
            Files.copy(runtime, plugins.resolve("lite/sdk-runtime-0.1.0-SNAPSHOT.jar"));
        } else {
            JarBuilder.pack(runtime, plugins.resolve("lite/sdk-runtime-0.1.0-SNAPSHOT.jar"), Map.of());
        }
        emptyJar("lite/sdk-api-0.1.0-SNAPSHOT.jar");

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: carries metaingest's own sdk-api-0.1.0-SNAPSHOT.jar, which is left out: a plugin gets"
                        + " sdk-api from the runtime and cannot use the runtime's classes; remove it from the folder,"
                        + " and depend on sdk-api (provided scope) and sdk-toolkit only",
                "plugin lite: carries metaingest's own sdk-runtime-0.1.0-SNAPSHOT.jar, which is left out: a plugin gets"
                        + " sdk-api from the runtime and cannot use the runtime's classes; remove it from the folder,"
                        + " and depend on sdk-api (provided scope) and sdk-toolkit only");
        // Not "works" with the copy: the same failure as without it.
        assertThat(describedFailure(registry)).startsWith("plugin lite uses io.metaingest.runtime.Mappers, a class of");
    }

    @Test
    void twoVersionsOfOneLibraryAreWarnedOfNamingBothJars() throws Exception {
        litePlugin();
        emptyJar("lite/h2-2.2.224.jar");
        emptyJar("lite/h2-2.3.232.jar");
        // One version with two classifiers is one library, not a conflict.
        emptyJar("lite/netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar");
        emptyJar("lite/netty-transport-native-epoll-4.1.100.Final-linux-aarch_64.jar");

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: holds 2 versions of h2 (h2-2.2.224.jar, h2-2.3.232.jar); which one a class comes from is"
                        + " undefined: keep one (the version the connector was built against) and remove the others");
        assertThat(registry.find("Lite")).isPresent(); // a warning: the plugin is still loaded
    }

    @Test
    void versionsAreReadFromTheNamesMavenGivesJars() {
        assertThat(PluginJars.versionConflicts(List.of("guava-33.0.0-jre.jar", "guava-32.1.3-android.jar",
                "jackson-databind-2.17.0.jar", "jackson-core-2.16.0.jar", "lite-connector-1.0-SNAPSHOT.jar", "h2.jar")))
                .singleElement().satisfies(p -> assertThat(p).startsWith(
                        "holds 2 versions of guava (guava-33.0.0-jre.jar, guava-32.1.3-android.jar)"));
        assertThat(PluginJars.isOwn("sdk-runtime-0.1.0.jar")).isTrue();
        assertThat(PluginJars.isOwn("sdk-toolkit-0.1.0.jar")).isFalse();
        assertThat(PluginJars.isOwn("my-sdk-runtime-0.1.0.jar")).isFalse();
    }

    private void emptyJar(String path) throws IOException {
        Path empty = Files.createTempDirectory(build, "empty");
        JarBuilder.pack(empty, plugins.resolve(path), Map.of());
    }
}
