package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin folder's jars must not be: a plugin that uses a class of metaingest's runtime is told it
 * cannot (not to add a jar), a folder carrying metaingest's own jars is warned of and they are left out,
 * and two versions or copies of one library are warned of, naming both jars. Jars are known by the Maven
 * coordinates they carry, by their names only when they carry none.
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
    void aJarWithoutMavensCoordinatesIsKnownByItsName() {
        assertThat(PluginJars.versionConflicts(Stream.of("guava-33.0.0-jre.jar", "guava-32.1.3-android.jar",
                "jackson-databind-2.17.0.jar", "jackson-core-2.16.0.jar", "lite-connector-1.0-SNAPSHOT.jar", "h2.jar")
                .map(PluginJars.Jar::named).toList(), UnaryOperator.identity()))
                .singleElement().satisfies(p -> assertThat(p).startsWith(
                        "holds 2 versions of guava (guava-33.0.0-jre.jar, guava-32.1.3-android.jar)"));
        assertThat(PluginJars.Jar.named("sdk-runtime-0.1.0.jar").isOwn()).isTrue();
        assertThat(PluginJars.Jar.named("sdk-toolkit-0.1.0.jar").isOwn()).isFalse();
        assertThat(PluginJars.Jar.named("my-sdk-runtime-0.1.0.jar").isOwn()).isFalse();
        assertThat(PluginJars.Jar.named("sdk-runtime.jar").isOwn()).isFalse(); // no version: the name says nothing
    }

    @Test
    void aRenamedCopyOfTheRuntimeIsKnownByItsCoordinatesAndLeftOut() throws Exception {
        litePlugin();
        JarBuilder.pack(classesOf(location(Mappers.class)), plugins.resolve("lite/my-copy.jar"),
                Map.of(pom("io.metaingest", "sdk-runtime"), properties("io.metaingest", "sdk-runtime", "0.1.0")));

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: carries metaingest's own my-copy.jar (io.metaingest:sdk-runtime 0.1.0), which is left out:"
                        + " a plugin gets sdk-api from the runtime and cannot use the runtime's classes; remove it from"
                        + " the folder, and depend on sdk-api (provided scope) and sdk-toolkit only");
        // Left out, not loaded child-first: the runtime's classes stay out of reach as without the copy.
        assertThat(describedFailure(registry)).startsWith("plugin lite uses io.metaingest.runtime.Mappers, a class of");
    }

    @Test
    void aRenamedSdkApiJarIsKnownByItsCoordinatesAndLeftOut() throws Exception {
        litePlugin();
        JarBuilder.pack(classesOf(location(ServiceSpec.class)), plugins.resolve("lite/sdk-api.jar"),
                Map.of(pom("io.metaingest", "sdk-api"), properties("io.metaingest", "sdk-api", "0.1.0-SNAPSHOT")));

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: carries metaingest's own sdk-api.jar (io.metaingest:sdk-api 0.1.0-SNAPSHOT), which is left"
                        + " out: a plugin gets sdk-api from the runtime and cannot use the runtime's classes; remove it"
                        + " from the folder, and depend on sdk-api (provided scope) and sdk-toolkit only");
        assertThat(registry.find("Lite")).isPresent();
    }

    @Test
    void oneLibraryUnderTwoNamesIsWarnedOfNamingBothJars() throws Exception {
        litePlugin();
        jarOf("lite/guava-31.jar", "com.google.guava", "guava", "31.1-jre");
        jarOf("lite/g.jar", "com.google.guava", "guava", "31.1-jre");
        // A snapshot's name ends as a classifier would: it is the version's.
        jarOf("lite/lite-lib-1.0-SNAPSHOT.jar", "com.acme", "lite-lib", "1.0-SNAPSHOT");
        jarOf("lite/lite-lib.jar", "com.acme", "lite-lib", "1.0-SNAPSHOT");
        jarOf("other/other-connector-1.0.jar", "com.acme", "other-connector", "1.0");
        jarOf("other/guava-31.jar", "com.google.guava", "guava", "31.1-jre");
        jarOf("other/gv.jar", "com.google.guava", "guava", "32.1.3-jre");
        // Known by its name only, it is taken as the guava the others' coordinates name.
        emptyJar("other/guava-30.0.jar");

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: holds 2 copies of com.google.guava:guava 31.1-jre (g.jar, guava-31.jar); one is enough:"
                        + " keep one and remove the others",
                "plugin lite: holds 2 copies of com.acme:lite-lib 1.0-SNAPSHOT (lite-lib-1.0-SNAPSHOT.jar, lite-lib.jar);"
                        + " one is enough: keep one and remove the others",
                "plugin other: holds 3 versions of com.google.guava:guava (guava-30.0.jar, guava-31.jar 31.1-jre,"
                        + " gv.jar 32.1.3-jre); which one a class comes from is undefined: keep one (the version the"
                        + " connector was built against) and remove the others",
                "plugin other: no ServiceSpec or StepProvider found: no jar carries " + ServiceSpec.MARKER_RESOURCE
                        + " with a public implementation of either");
        assertThat(registry.find("Lite")).isPresent(); // a warning: the plugin is still loaded
    }

    @Test
    void coordinatesWinOverTheName() throws Exception {
        litePlugin();
        // Someone else's sdk-api: its name alone would have been taken for metaingest's.
        jarOf("lite/sdk-api-2.0.jar", "com.acme", "sdk-api", "2.0");
        // Without coordinates, the name is all there is.
        emptyJar("lite/sdk-testkit-0.1.0.jar");

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).containsExactly(
                "plugin lite: carries metaingest's own sdk-testkit-0.1.0.jar, which is left out: a plugin gets sdk-api"
                        + " from the runtime and cannot use the runtime's classes; remove it from the folder, and depend"
                        + " on sdk-api (provided scope) and sdk-toolkit only");
    }

    @Test
    void aPluginWithItsOwnLibrariesLoadsWithoutAWarning() throws Exception {
        JarBuilder.build(build, plugins.resolve("lite/lite-connector-1.0.jar"), Map.of("com.acme.lite.LiteSpec", SPEC),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.lite.LiteSpec", "schemas/lite.json", "{\"type\":\"object\"}",
                        pom("com.acme", "lite-connector"), properties("com.acme", "lite-connector", "1.0")),
                List.of(location(ServiceSpec.class), location(Mappers.class)));
        jarOf("lite/sdk-toolkit-0.1.0-SNAPSHOT.jar", "io.metaingest", "sdk-toolkit", "0.1.0-SNAPSHOT");
        jarOf("lite/postgresql-42.7.13.jar", "org.postgresql", "postgresql", "42.7.13");
        jarOf("lite/checker-qual-3.55.1.jar", "org.checkerframework", "checker-qual", "3.55.1");
        // One version in two classifiers carries the same coordinates: one library.
        jarOf("lite/netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar", "io.netty",
                "netty-transport-native-epoll", "4.1.100.Final");
        jarOf("lite/netty-transport-native-epoll-4.1.100.Final-linux-aarch_64.jar", "io.netty",
                "netty-transport-native-epoll", "4.1.100.Final");
        // A shaded jar carries its parts' coordinates too, sdk-api's among them: its name picks out its own.
        JarBuilder.pack(Files.createTempDirectory(build, "empty"), plugins.resolve("lite/acme-all-2.0.jar"), Map.of(
                pom("com.acme", "acme-all"), properties("com.acme", "acme-all", "2.0"),
                pom("io.metaingest", "sdk-api"), properties("io.metaingest", "sdk-api", "0.1.0")));

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).isEmpty();
        assertThat(registry.find("Lite")).isPresent();
    }

    private static String pom(String groupId, String artifactId) {
        return "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    }

    /** As maven-archiver writes it. */
    private static String properties(String groupId, String artifactId, String version) {
        return "#Created by Apache Maven 3.9.9\nartifactId=" + artifactId + "\ngroupId=" + groupId + "\nversion="
                + version + "\n";
    }

    private void jarOf(String path, String groupId, String artifactId, String version) throws IOException {
        JarBuilder.pack(Files.createTempDirectory(build, "empty"), plugins.resolve(path),
                Map.of(pom(groupId, artifactId), properties(groupId, artifactId, version)));
    }

    /** The classes of a class path element, unpacked (without its own Maven coordinates) when it is a jar. */
    private Path classesOf(Path element) throws IOException {
        if (Files.isDirectory(element)) {
            return element;
        }
        Path classes = Files.createTempDirectory(build, "classes");
        try (JarFile jar = new JarFile(element.toFile())) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory() && !entry.getName().startsWith("META-INF/maven/")) {
                    Path target = Files.createDirectories(classes.resolve(entry.getName()).getParent())
                            .resolve(Path.of(entry.getName()).getFileName().toString());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return classes;
    }

    private void emptyJar(String path) throws IOException {
        Path empty = Files.createTempDirectory(build, "empty");
        JarBuilder.pack(empty, plugins.resolve(path), Map.of());
    }
}
