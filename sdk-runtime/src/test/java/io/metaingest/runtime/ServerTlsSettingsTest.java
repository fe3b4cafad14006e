package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verifySSL} and {@code sslConfig} of the OpenMetadata server are checked when the workflow loads (exit 2). */
class ServerTlsSettingsTest {

    private static final String SERVER = "workflowConfig.openMetadataServerConfig";

    @TempDir
    Path dir;

    private final Metaingest runtime = ShelfWorkflows.runtime(new ShelfSpec());

    private Path workflow(String tls) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.shelfSource("hostPort: \"shelf:1\"") + """
                sink: {type: metadata-rest, config: {}}
                workflowConfig:
                  openMetadataServerConfig:
                    hostPort: https://openmetadata.example.com/api
                    securityConfig:
                      jwtToken: "bot-jwt"
                """ + tls.indent(4));
    }

    @Test
    void aCaCertificateThatDoesNotExistIsOneLineAtLoadForEveryCommand() throws Exception {
        String missing = dir.resolve("ca.pem").toString();
        Path file = workflow("verifySSL: validate\nsslConfig:\n  caCertificate: " + missing + "\n");
        ConfigProblem expected = new ConfigProblem(SERVER + ".sslConfig.caCertificate", missing + " does not exist;"
                + " give the path of the CA certificate that signed the server's certificate (a PEM file)");

        assertThatThrownBy(() -> runtime.load(file)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
        assertThatThrownBy(() -> runtime.loadForConnectionTest(file)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems()).containsExactly(expected));
    }

    @Test
    void validateWithoutSslConfigIsAProblemAsInOpenMetadata() throws Exception {
        assertThatThrownBy(() -> runtime.load(workflow("verifySSL: validate\n")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::path).containsExactly(SERVER + ".sslConfig"));
        // The loaded workflow's warnings come with the problem, as for any refused file.
        Path warned = workflow("verifySSL: validate\n");
        Files.writeString(warned, Files.readString(warned).replace("      type: DatabaseMetadata",
                "      type: DatabaseMetadata\n      schemaFilterPattern: {includes: [a], excludes: [b]}"));
        assertThatThrownBy(() -> runtime.load(warned)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.warnings()).anyMatch(w -> w.contains("schemaFilterPattern.excludes is ignored")));
    }

    @Test
    void theSchemaKnowsVerifySslsValuesAndSslConfigsFields() throws Exception {
        assertThatThrownBy(() -> runtime.load(workflow("verifySSL: strict\nsslConfig:\n  caCertificat: ca.pem\n")))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::path).contains(SERVER + ".verifySSL",
                                SERVER + ".sslConfig.caCertificat"));
    }

    @Test
    void noSslReadsNoFileAsOpenMetadataDoes() throws Exception {
        assertThat(runtime.load(workflow("verifySSL: no-ssl\nsslConfig:\n  caCertificate: /nowhere/ca.pem\n"))
                .settings().openMetadataServerConfig().verifySSL()).isEqualTo("no-ssl");
    }
}
