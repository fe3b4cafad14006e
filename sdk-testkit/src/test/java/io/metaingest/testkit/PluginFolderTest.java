package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.DiscoveryProblem;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The plugin folder holds the connector's classes and its runtime class path only: nothing of the test
 * class path it is packed from (JUnit, AssertJ, the runtime, the kit), nothing the runtime shares.
 */
class PluginFolderTest {

    @TempDir
    Path dir;

    @Test
    void packsTheRuntimeClasspathFileAndNothingOfTheTestClasspath() throws IOException {
        Path classes = module("shop");
        Path snakeyaml = PluginFolder.location(Yaml.class);
        Path validator = PluginFolder.location(JsonSchemaFactory.class);
        Path jackson = PluginFolder.location(ObjectMapper.class);
        Files.writeString(classes.resolveSibling(PluginFolder.RUNTIME_CLASSPATH_FILE),
                String.join(File.pathSeparator, snakeyaml.toString(), validator.toString(), jackson.toString()) + "\n");

        PluginFolder plugin = PluginFolder.pack(classes, PluginFolder.runtimeClasspath(classes), dir.resolve("plugins"), "shop");

        List<String> jars = names(plugin.folder());
        assertThat(jars).containsExactly("00-shop.jar", "001-" + snakeyaml.getFileName(), "002-" + validator.getFileName());
        // The test class path holds all of these; none is a runtime dependency of the connector.
        for (Path testOnly : List.of(PluginFolder.location(Test.class), PluginFolder.location(Assertions.class),
                PluginFolder.location(Metaingest.class), PluginFolder.location(PluginFolder.class))) {
            assertThat(jars).noneMatch(jar -> jar.endsWith(testOnly.getFileName().toString()));
        }
        assertThat(jars).noneMatch(jar -> jar.contains("junit") || jar.contains("assertj")
                || jar.contains("sdk-runtime") || jar.contains("sdk-testkit") || jar.contains("jackson"));
    }

    @Test
    void aMissingClasspathFileNamesTheFileAndTheFix() throws IOException {
        Path classes = module("bare");

        assertThatThrownBy(() -> PluginFolder.runtimeClasspath(classes))
                .hasMessageContaining(classes.resolveSibling("metaingest-runtime-classpath.txt").toString())
                .hasMessageContaining("build-classpath")
                .hasMessageContaining("<includeScope>runtime</includeScope>");
    }

    @Test
    void anEmptyClasspathFilePacksTheClassesAlone() throws IOException {
        Path classes = module("solo");
        Files.writeString(classes.resolveSibling(PluginFolder.RUNTIME_CLASSPATH_FILE), "");

        PluginFolder plugin = PluginFolder.pack(classes, PluginFolder.runtimeClasspath(classes), dir.resolve("plugins"), "solo");

        assertThat(names(plugin.folder())).containsExactly("00-solo.jar");
    }

    @Test
    void aSpecComingFromAJarIsPackedAsThatJarAndHiddenFromTheParent() throws Exception {
        // A connector that is a dependency of the tests (the shared test connector in a `mvn verify`
        // reactor) comes from its module's jar in target/, beside its runtime class path file.
        Path target = Files.createDirectories(dir.resolve("shelf").resolve("target"));
        Path jar = target.resolve("shelf-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("com/example/shelf.txt"));
            out.write("a shelf".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path snakeyaml = PluginFolder.location(Yaml.class);
        Files.writeString(target.resolve(PluginFolder.RUNTIME_CLASSPATH_FILE), snakeyaml + "\n");

        PluginFolder plugin = PluginFolder.pack(jar, PluginFolder.runtimeClasspath(jar), dir.resolve("plugins"), "shelf");

        assertThat(names(plugin.folder())).containsExactly("00-shelf.jar", "001-" + snakeyaml.getFileName());
        assertThat(Files.readAllBytes(plugin.folder().resolve("00-shelf.jar"))).isEqualTo(Files.readAllBytes(jar));
        try (URLClassLoader application = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(application.getResource("com/example/shelf.txt")).isNotNull();
            assertThat(plugin.hidingParent(application).getResource("com/example/shelf.txt"))
                    .as("the packed jar is hidden from the plugin's parent").isNull();
        }
    }

    @Test
    void discoveryThroughTheHidingParentNeitherSeesNorReportsThePackedConnector() throws Exception {
        // The shared test connector's module output is on this test class path beside another marked
        // element (these tests' classes, with the broken connectors), so the runtime scans the parent's
        // class path: the packed module must not be part of it.
        Path shelf = PluginFolder.location(ShelfSpec.class);
        PluginFolder plugin = PluginFolder.pack(shelf, List.of(), dir.resolve("plugins"), "shelf");

        ServiceSpecRegistry parentOnly = ServiceSpecRegistry.discover(plugin.hidingParent(getClass().getClassLoader()), null);

        assertThat(parentOnly.serviceTypes()).doesNotContain("Shelf", "ShelfAnnex", "MetadataShelf");
        assertThat(parentOnly.problems()).extracting(DiscoveryProblem::toString)
                .noneMatch(p -> p.contains(ShelfSpec.class.getPackageName()));
        ServiceSpecRegistry withPlugin = ServiceSpecRegistry.discover(plugin.hidingParent(getClass().getClassLoader()),
                plugin.pluginsDir());
        assertThat(withPlugin.find("Shelf").orElseThrow().registered().origin()).isEqualTo("plugin shelf");
    }

    /** A module's {@code target/classes} with one class file's worth of content. */
    /** The runtime names the plugin by the kit's folder (after the service type); the author knows the artifact. */
    @Test
    void aClassMissingFromThePluginIsToldByTheModulesArtifactNotTheKitsFolder() throws IOException {
        Path classes = module("acme");
        Files.writeString(classes.getParent().getParent().resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<parent><artifactId>acme-parent</artifactId></parent><artifactId>acme-connector</artifactId>"
                + "<dependencies><dependency><artifactId>commons-lang3</artifactId></dependency></dependencies></project>");
        PluginFolder plugin = PluginFolder.pack(classes, List.of(), dir.resolve("plugins"), "acmefiles");

        assertThat(plugin.told("org.apache.commons.lang3.StringUtils is not in plugin acmefiles; add the jar that holds it"
                + " to the plugin's folder")).isEqualTo("org.apache.commons.lang3.StringUtils is not in the plugin's jar"
                + " folder (artifact acme-connector); add the jar that holds it to the plugin's folder");
        assertThat(plugin.told("plugin acmefiles uses io.metaingest.runtime.Mappers, a class of metaingest's runtime"))
                .isEqualTo("the plugin's jar folder (artifact acme-connector) uses io.metaingest.runtime.Mappers, a class"
                        + " of metaingest's runtime");
        assertThat(plugin.told("plugin acmefilesx is not in plugin other; x")).isEqualTo("plugin acmefilesx is not in plugin other; x");
    }

    @Test
    void withoutAPomOrMavenPropertiesThePluginIsItsJarFolder() throws IOException {
        PluginFolder plugin = PluginFolder.pack(module("bare"), List.of(), dir.resolve("plugins"), "acmefiles");
        assertThat(plugin.told("a.B is not in plugin acmefiles; add the jar")).isEqualTo("a.B is not in the plugin's jar folder; add the jar");
    }

    @Test
    void aConnectorJarIsToldByTheArtifactItsMavenPropertiesName() throws IOException {
        Path jar = dir.resolve("acme-connector-1.0.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/maven/com.acme/acme-connector/pom.properties"));
            out.write("groupId=com.acme\nartifactId=acme-connector\nversion=1.0\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        assertThat(PluginFolder.label(jar)).isEqualTo("the plugin's jar folder (artifact acme-connector)");
    }

    private Path module(String name) throws IOException {
        Path classes = Files.createDirectories(dir.resolve(name).resolve("target").resolve("classes").resolve("com/example"));
        Files.writeString(classes.resolve("Spec.class"), "not really bytecode");
        return classes.getParent().getParent();
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
