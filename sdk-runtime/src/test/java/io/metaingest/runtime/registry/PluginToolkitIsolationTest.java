package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.VendorApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sdk-toolkit travels inside each plugin's folder and is never shared parent-first: a plugin's toolkit
 * classes come from its own loader even when the parent could see the toolkit too (as here, where it
 * is on the test class path), so plugins can carry different versions of it.
 */
class PluginToolkitIsolationTest {

    @TempDir
    Path plugins;
    @TempDir
    Path build;

    /** A spec whose description names the loader of the toolkit class it links against. */
    private static final String SPEC = """
                package com.acme.kit;
                public class KitSpec implements io.metaingest.api.ServiceSpec {
                    public String serviceType() { return "Kit"; }
                    public io.metaingest.api.ServiceCategory category() { return io.metaingest.api.ServiceCategory.PIPELINE; }
                    public Class<?> connectionType() { return java.util.Map.class; }
                    public String connectionSchema() { return "/schemas/kit.json"; }
                    public java.util.List<io.metaingest.api.StepSpec<?>> steps() {
                        return java.util.List.of(io.metaingest.api.StepSpec.source(io.metaingest.api.config.SourceConfigType.PIPELINE_METADATA, Src.class));
                    }
                    public static class Src implements io.metaingest.api.Source<Object> {
                        public java.util.stream.Stream<io.metaingest.api.Result<Object>> read() { return java.util.stream.Stream.empty(); }
                    }
                    public String description() {
                        return io.metaingest.toolkit.JsonHttpClient.class.getClassLoader().getName()
                                + " " + System.identityHashCode(io.metaingest.toolkit.JsonHttpClient.class);
                    }
                }
                """;

    @Test
    void eachPluginLoadsTheToolkitFromItsOwnFolder() throws Exception {
        Path api = Path.of(ServiceSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path toolkit = Path.of(JsonHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JarBuilder.build(build, plugins.resolve("kit/kit.jar"), Map.of("com.acme.kit.KitSpec", SPEC),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.kit.KitSpec", "schemas/kit.json", "{\"type\":\"object\"}"),
                List.of(api, toolkit));
        copyAsJar(toolkit, plugins.resolve("kit/sdk-toolkit.jar"));

        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);

        assertThat(registry.problems()).isEmpty();
        String seen = registry.find("Kit").orElseThrow().spec().description();
        assertThat(seen).as("the loader of the plugin's toolkit").startsWith("plugin-kit ");
        assertThat(seen.split(" ")[1]).as("not the parent's copy")
                .isNotEqualTo(String.valueOf(System.identityHashCode(JsonHttpClient.class)));
        assertThat(PluginClassLoader.isShared(JsonHttpClient.class.getName())).isFalse();
    }

    @Test
    void aFailureOfAPluginsOwnToolkitCopyReadsAsItsMessageAlone() throws Exception {
        Path toolkit = Path.of(JsonHttpClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        copyAsJar(toolkit, plugins.resolve("sdk-toolkit.jar"));
        try (PluginClassLoader loader = new PluginClassLoader("kit",
                new java.net.URL[] {plugins.resolve("sdk-toolkit.jar").toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> copy = loader.loadClass(VendorApiException.class.getName());
            Throwable failure = (Throwable) copy.getMethod("paging", String.class, String.class)
                    .invoke(null, "GET /v1/groups", "the cursor repeats");

            // The runtime cannot recognise the plugin's class, only the contract's marker it implements.
            assertThat(copy).isNotSameAs(VendorApiException.class);
            assertThat(StepError.oneLine(failure)).isEqualTo("GET /v1/groups: the cursor repeats");
        }
    }

    /** The toolkit as a jar: copied when it is one, packed when the build gives a classes folder. */
    private static void copyAsJar(Path location, Path jar) throws IOException {
        if (Files.isRegularFile(location)) {
            Files.copy(location, jar);
        } else {
            JarBuilder.pack(location, jar, Map.of());
        }
    }
}
