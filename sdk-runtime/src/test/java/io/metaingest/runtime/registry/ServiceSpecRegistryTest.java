package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery over real jars built by the test: isolation, duplicates, broken plugins. */
class ServiceSpecRegistryTest {

    @TempDir
    static Path plugins;
    @TempDir
    static Path build;

    static ServiceSpecRegistry registry;

    static String spec(String pkg, String cls, String type, String constructorBody, String description) {
        return """
                package %1$s;
                public class %2$s implements io.metaingest.api.ServiceSpec {
                    public %2$s() { %4$s }
                    public String serviceType() { return "%3$s"; }
                    public io.metaingest.api.ServiceCategory category() { return io.metaingest.api.ServiceCategory.DATABASE; }
                    public Class<?> connectionType() { return java.util.Map.class; }
                    public String connectionSchema() { return "/schemas/%3$s.json"; }
                    public java.util.List<io.metaingest.api.StepSpec<?>> steps() {
                        return java.util.List.of(io.metaingest.api.StepSpec.source(io.metaingest.api.config.SourceConfigType.DATABASE_METADATA, Src.class));
                    }
                    public String description() { return %5$s; }
                    public static class Src implements io.metaingest.api.Source<Object> {
                        public java.util.stream.Stream<io.metaingest.api.Result<Object>> read() { return java.util.stream.Stream.empty(); }
                    }
                }
                """.formatted(pkg, cls, type, constructorBody, description);
    }

    static Path connectorJar(String folder, String pkg, String type, String constructorBody, String description,
                             List<Path> classpath, boolean marker) throws Exception {
        String cls = type + "Spec";
        Map<String, String> resources = marker
                ? Map.of(ServiceSpec.MARKER_RESOURCE, pkg + "." + cls, "schemas/" + type + ".json", "{\"type\":\"object\"}")
                : Map.of("schemas/" + type + ".json", "{\"type\":\"object\"}");
        return JarBuilder.build(build, plugins.resolve(folder).resolve(type.toLowerCase() + ".jar"),
                Map.of(pkg + "." + cls, spec(pkg, cls, type, constructorBody, description)), resources, classpath);
    }

    static Path library(String version) throws Exception {
        return JarBuilder.build(build, build.resolve("greeting-" + version + ".jar"), Map.of("com.acme.lib.Greeting", """
                package com.acme.lib;
                public final class Greeting { public static String version() { return "%s"; } }
                """.formatted(version)), Map.of(), List.of());
    }

    @BeforeAll
    static void buildPlugins() throws Exception {
        Path api = Path.of(ServiceSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib1 = library("1");
        Path lib2 = library("2");
        // Two plugins carrying different versions of the same library class.
        connectorJar("alpha", "com.acme.alpha", "Alpha", "", "\"greeting \" + com.acme.lib.Greeting.version()", List.of(api, lib1), true);
        java.nio.file.Files.copy(lib1, plugins.resolve("alpha/greeting-1.jar"));
        connectorJar("beta", "com.acme.beta", "Beta", "", "\"greeting \" + com.acme.lib.Greeting.version()", List.of(api, lib2), true);
        java.nio.file.Files.copy(lib2, plugins.resolve("beta/greeting-2.jar"));
        // A spec whose constructor throws.
        connectorJar("broken", "com.acme.broken", "Broken", "throw new IllegalStateException(\"license file missing\");",
                "\"x\"", List.of(api), true);
        // A duplicate of a service type already on the class path (the shared test connector's).
        connectorJar("dup", "com.acme.dup", "Shelf", "", "\"duplicate\"", List.of(api), true);
        // A jar that is not a jar.
        JarBuilder.garbage(plugins.resolve("corrupt/corrupt.jar"));
        // A plugin with a marked jar and an unmarked one: only the marked jar is scanned.
        connectorJar("mixed", "com.acme.gamma", "Gamma", "", "\"gamma\"", List.of(api), true);
        connectorJar("mixed", "com.acme.delta", "Delta", "", "\"delta\"", List.of(api), false);
        // A plugin that uses a library (Guava) its folder lacks and the runtime's class path has.
        Path guava = Path.of(com.google.common.base.Strings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        connectorJar("needsguava", "com.acme.ng", "NeedsGuava", "com.google.common.base.Strings.repeat(\"x\", 2);",
                "\"x\"", List.of(api, guava), true);
        // The same service type in two plugin folders (an older copy beside a newer one, say).
        connectorJar("twin-new", "com.acme.twinnew", "Twin", "", "\"new\"", List.of(api), true);
        connectorJar("twin-old", "com.acme.twinold", "Twin", "", "\"old\"", List.of(api), true);
        // A spec whose connection schema is not in its jar.
        JarBuilder.build(build, plugins.resolve("noschema/noschema.jar"), Map.of("com.acme.ns.NoSchemaSpec",
                spec("com.acme.ns", "NoSchemaSpec", "NoSchema", "", "\"x\"")),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.ns.NoSchemaSpec"), List.of(api));
        // Plugins that load with a warning: a junk jar skipped beside a working connector, two versions of a library.
        connectorJar("withjunk", "com.acme.junk", "Junky", "", "\"junky\"", List.of(api), true);
        JarBuilder.garbage(plugins.resolve("withjunk/junk.jar"));
        connectorJar("twolibs", "com.acme.twolibs", "TwoLibs", "", "\"two\"", List.of(api), true);
        java.nio.file.Files.copy(lib1, plugins.resolve("twolibs/greeting-1.jar"));
        java.nio.file.Files.copy(lib2, plugins.resolve("twolibs/greeting-2.jar"));
        // A plugin's jar put directly in the plugin directory instead of a sub-folder of its own.
        java.nio.file.Files.copy(plugins.resolve("alpha/alpha.jar"), plugins.resolve("loose.jar"));
        registry = ServiceSpecRegistry.discover(ServiceSpecRegistryTest.class.getClassLoader(), plugins);
    }

    @Test
    void aServiceTypeTwoPluginFoldersProvideIsUsedFromNeitherAndItsWorkflowsAreToldWhy() {
        assertThat(registry.find("Twin")).isEmpty();
        assertThat(registry.serviceTypes()).doesNotContain("Twin");
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).contains("plugin twin-old"
                + " com.acme.twinold.TwinSpec: duplicate service type 'Twin', also provided by plugin twin-new"
                + " com.acme.twinnew.TwinSpec; neither is used: remove one of the two folders");
        assertThat(io.metaingest.runtime.config.Suggestions.unknownServiceType(registry, "twin", "Installed",
                registry.serviceTypes())).isEqualTo("service type 'twin' is installed but cannot be used: it is provided"
                + " by more than one plugin (remove all but one): plugin twin-new com.acme.twinnew.TwinSpec,"
                + " plugin twin-old com.acme.twinold.TwinSpec");
        // Kept through the runtime's own steps, as the problems are.
        assertThat(registry.with("runtime", new io.metaingest.runtime.steps.BuiltInSteps()).find("Twin")).isEmpty();
    }

    @Test
    void aRefusedSpecsWorkflowsSayWhyNotThatTheTypeIsUnknown() {
        assertThat(registry.find("NoSchema")).isEmpty();
        assertThat(io.metaingest.runtime.config.Suggestions.unknownServiceType(registry, "NoSchema", "Installed",
                registry.serviceTypes())).isEqualTo("service type 'NoSchema' is installed but cannot be used: plugin"
                + " noschema com.acme.ns.NoSchemaSpec: connection schema /schemas/NoSchema.json is not on the"
                + " connector's classpath");
        // A type nothing declares: unknown, with the plugins that did not load (their warnings say why).
        assertThat(io.metaingest.runtime.config.Suggestions.unknownServiceType(registry, "Nothing", "Installed",
                List.of("Alpha"))).startsWith("unknown service type 'Nothing'. Installed: Alpha; not usable: plugins"
                + " broken, corrupt, dup, needsguava, noschema, twin-new, twin-old (the warnings above say why)");
    }

    @Test
    void aPluginThatLoadsWithAWarningIsUsableNotListedAsNotUsable() {
        assertThat(registry.serviceTypes()).contains("Junky", "TwoLibs");
        assertThat(registry.problems()).extracting(DiscoveryProblem::where)
                .contains("plugin withjunk (junk.jar)", "plugin twolibs");
        assertThat(registry.pluginsWithProblems()).doesNotContain("withjunk", "twolibs")
                .containsExactly("broken", "corrupt", "dup", "needsguava", "noschema", "twin-new", "twin-old");
        assertThat(io.metaingest.runtime.config.Suggestions.unknownServiceType(registry, "Nothing", "Installed",
                registry.serviceTypes())).contains("; not usable: plugins broken, corrupt, dup, needsguava, noschema,"
                + " twin-new, twin-old (the warnings above say why)");
    }

    @Test
    void jarsLyingDirectlyInThePluginDirectoryAreNamedNotSilentlyIgnored() {
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).contains(plugins + ": 1 jar lies"
                + " directly in the plugin directory (loose.jar) and is not read: each plugin is a sub-folder holding its jars;"
                + " move it into one, or give the folder above with --plugins");
    }

    @Test
    void pluginsWithDifferentVersionsOfALibraryEachSeeTheirOwn() {
        assertThat(registry.find("alpha")).get().satisfies(l -> {
            assertThat(l.spec().description()).isEqualTo("greeting 1");
            assertThat(l.registered().origin()).isEqualTo("plugin alpha");
        });
        assertThat(registry.find("BETA")).get().extracting(l -> l.spec().description()).isEqualTo("greeting 2");
        assertThat(registry.find("alpha").orElseThrow().registered().classLoader())
                .isNotSameAs(registry.find("beta").orElseThrow().registered().classLoader());
    }

    @Test
    void pluginsShareTheApiWithTheRuntime() {
        ServiceSpec alpha = registry.find("Alpha").orElseThrow().spec();
        assertThat(alpha).isInstanceOf(ServiceSpec.class);
        assertThat(alpha.getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
    }

    @Test
    void aThrowingConstructorIsReportedAndHidesNothing() {
        assertThat(registry.find("Broken")).isEmpty();
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString)
                .contains("plugin broken com.acme.broken.BrokenSpec: its constructor threw IllegalStateException: license file missing");
        assertThat(registry.serviceTypes()).contains("Alpha", "Beta", "Gamma", "Shelf");
    }

    @Test
    void duplicateTypesKeepTheFirstAndSaySo() {
        assertThat(registry.find("Shelf").orElseThrow().registered().origin()).isEqualTo("classpath");
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).anySatisfy(p -> assertThat(p)
                .startsWith("plugin dup com.acme.dup.ShelfSpec: duplicate service type 'Shelf', already provided by classpath"));
    }

    @Test
    void aPluginSeesNoLibraryOfTheRuntimeThatIsNotShared() {
        assertThat(registry.find("NeedsGuava")).isEmpty();
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).contains(
                "plugin needsguava com.acme.ng.NeedsGuavaSpec: its constructor threw com.google.common.base.Strings is not"
                        + " in plugin needsguava; add the jar that holds it to the plugin's folder (a plugin sees its own"
                        + " jars, the JDK and the shared io.metaingest:sdk-api, com.fasterxml.jackson.core:*,"
                        + " jakarta.inject:*, org.slf4j:*)");
    }

    @Test
    void problemsOutliveTheRuntimesOwnSteps() {
        ServiceSpecRegistry extended = registry.with("runtime", new io.metaingest.runtime.steps.BuiltInSteps());
        assertThat(extended.problems()).containsAll(registry.problems());
        assertThat(extended.problems()).extracting(DiscoveryProblem::toString)
                .anySatisfy(p -> assertThat(p).startsWith("plugin dup com.acme.dup.ShelfSpec: duplicate service type 'Shelf'"))
                .anySatisfy(p -> assertThat(p).startsWith("plugin broken com.acme.broken.BrokenSpec: its constructor threw"));
        assertThat(extended.problems()).doesNotHaveDuplicates();
    }

    @Test
    void unreadableJarsAreReported() {
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).filteredOn(p -> p.contains("corrupt"))
                .singleElement().satisfies(p -> assertThat(p).startsWith("plugin corrupt (corrupt.jar): unreadable jar,"
                        + " skipped (not a jar: ").endsWith("); rebuild the plugin or remove the jar"));
    }

    @Test
    void onlyJarsCarryingTheMarkerAreScanned() {
        assertThat(registry.find("Gamma")).isPresent();
        assertThat(registry.find("Delta")).isEmpty();
    }

    @Test
    void formerNamesResolveWithAFlag() {
        ServiceSpecRegistry.Lookup lookup = registry.find("bookcase").orElseThrow();
        assertThat(lookup.viaFormerName()).isTrue();
        assertThat(lookup.spec().serviceType()).isEqualTo("Shelf");
        assertThat(registry.find("shelf").orElseThrow().viaFormerName()).isFalse();
    }

    @Test
    void pluginClassLoaderIsParentFirstOnlyForSharedPackages() throws URISyntaxException {
        assertThat(PluginClassLoader.isShared("io.metaingest.api.Source")).isTrue();
        assertThat(PluginClassLoader.isShared("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
        assertThat(PluginClassLoader.isShared("io.metaingest.runtime.Metaingest")).isFalse();
        assertThat(PluginClassLoader.isShared("com.google.common.collect.ImmutableList")).isFalse();
    }
}
