package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built from the archetype with two of an author's usual mistakes in its connection: a
 * misspelt component ({@code delimter} for the schema's {@code delimiter}) and a token kept as a plain
 * string. It loads; a workflow of it says both, once each, with the plugin, the field and the fix, and
 * discovery alone does not compare connections (it would cost every command's start-up).
 */
class ConnectionChecksAtDiscoveryTest {

    @TempDir
    Path plugins;
    @TempDir
    Path build;

    private static final String SPEC = """
            package com.acme.files;
            public class AcmeFilesSpec implements io.metaingest.api.ServiceSpec {
                public record AcmeConnection(String type, String path, String delimter, String apiToken) {}
                public String serviceType() { return "AcmeFiles"; }
                public io.metaingest.api.ServiceCategory category() { return io.metaingest.api.ServiceCategory.DATABASE; }
                public Class<?> connectionType() { return AcmeConnection.class; }
                public String connectionSchema() { return "/schemas/acmeFiles.json"; }
                public java.util.List<io.metaingest.api.StepSpec<?>> steps() {
                    return java.util.List.of(io.metaingest.api.StepSpec.source(
                            io.metaingest.api.config.SourceConfigType.DATABASE_METADATA, Src.class));
                }
                public static class Src implements io.metaingest.api.Source<Object> {
                    public java.util.stream.Stream<io.metaingest.api.Result<Object>> read() { return java.util.stream.Stream.empty(); }
                }
            }
            """;

    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "properties": {
              "type": {"type": "string", "enum": ["AcmeFiles"], "description": "the service type"},
              "path": {"type": "string", "description": "the folder"},
              "delimiter": {"type": "string", "description": "the field separator"},
              "apiToken": {"type": "string", "description": "the API token"}}}
            """;

    @Test
    void anUnboundPropertyAndAnUnmarkedCredentialAreWarnedOfOnceEachNamingThePluginFieldAndFix() throws Exception {
        Path api = Path.of(ServiceSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JarBuilder.build(build, plugins.resolve("acme-files/acme-files.jar"), Map.of("com.acme.files.AcmeFilesSpec", SPEC),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.files.AcmeFilesSpec", "schemas/acmeFiles.json", SCHEMA),
                List.of(api));
        ServiceSpecRegistry discovered = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);
        Metaingest runtime = new Metaingest(discovered, Mappers.standard(), Clock.systemUTC(), Map.<String, String>of()::get);
        Path workflow = java.nio.file.Files.writeString(build.resolve("acme.yaml"), """
                source:
                  type: acmefiles
                  serviceName: acme
                  serviceConnection: {config: {type: AcmeFiles, path: /data, delimiter: ";"}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: console}
                """);

        String where = "plugin acme-files com.acme.files.AcmeFilesSpec: ";
        List<String> expected = List.of(
                where + "delimiter is a property of /schemas/acmeFiles.json that AcmeFilesSpec.AcmeConnection does not"
                        + " bind, so a workflow's value is ignored; name a component delimiter (or annotate one"
                        + " @JsonProperty(\"delimiter\")), or remove the property (AcmeFilesSpec.AcmeConnection has"
                        + " delimter, which the schema does not declare)",
                where + "AcmeFilesSpec.AcmeConnection.delimter is not declared in /schemas/acmeFiles.json, so no"
                        + " workflow can set it; declare delimter there, give the component the schema's name (or"
                        + " @JsonProperty), or mark it @JsonIgnore",
                where + "apiToken is named like a credential but is neither format: password in"
                        + " /schemas/acmeFiles.json nor a Secret in AcmeFilesSpec.AcmeConnection.apiToken, so only the"
                        + " console of metaingest ingest masks it (by its name): validate, test-connection, the run report,"
                        + " the records and the record's toString show it as is; mark it format: password and type it"
                        + " io.metaingest.api.Secret");
        assertThat(runtime.registry().find("AcmeFiles")).as("usable all the same").isPresent();
        assertThat(runtime.load(workflow).warnings()).containsSubsequence(expected)
                .filteredOn(w -> w.startsWith(where)).hasSize(3);
        // Loaded again (the CLI builds one runtime per command): the same lines, compared once.
        assertThat(runtime.load(workflow).warnings()).filteredOn(w -> w.startsWith(where)).containsExactlyElementsOf(expected);
        assertThat(runtime.connectionWarnings(runtime.registry().find("AcmeFiles").orElseThrow().registered()))
                .containsExactlyElementsOf(expected);
        // Discovery alone (every command's start-up, and the kit's own plugin check) does not compare them.
        assertThat(runtime.registry().pluginsWithProblems()).isEmpty();
        assertThat(runtime.registry().problems()).isEmpty();
    }
}
