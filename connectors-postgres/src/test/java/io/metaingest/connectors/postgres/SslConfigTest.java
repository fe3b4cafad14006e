package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sslConfig's values are PEM text, as OpenMetadata's connection takes them, or the path of a PEM file, as some of its
 * documentation writes them; anything else is refused at load naming the field, never quoting a key.
 */
class SslConfigTest {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @TempDir
    Path dir;

    private Path workflow(String sslConfig) throws Exception {
        return Workflows.unreachedMetadata(dir, "username: u\nsslMode: verify-ca\nsslConfig: " + sslConfig,
                "{type: DatabaseMetadata}");
    }

    private static Metaingest runtime() {
        return Workflows.runtime();
    }

    @Test
    void aValueThatIsNeitherPemNorAnExistingFileIsRefusedAtLoadWithoutQuotingIt() throws Exception {
        InvalidConfigException e = catchThrowableOfType(() -> runtime().load(workflow(
                "{caCertificate: /nowhere/ca.pem, sslKey: not-a-key-K3Y}")), InvalidConfigException.class);
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "source.serviceConnection.config.sslConfig.caCertificate: is neither PEM text (-----BEGIN …) nor the path"
                        + " of a file that exists here: give the CA's certificate as its PEM text, or the path of its PEM file",
                "source.serviceConnection.config.sslConfig.sslKey: is neither PEM text (-----BEGIN …) nor the path of a"
                        + " file that exists here: give the client's private key as its PEM text, or the path of its PEM file");
        assertThat(e.problems().toString()).doesNotContain("not-a-key-K3Y");
    }

    /**
     * A path whose file is not here may be there on the machine that runs the workflow: a problem of this machine,
     * which migrate's check of the file as written leaves out; text of several lines is no path, wherever it is read.
     */
    @Test
    void aPathWhoseFileIsNotHereIsAProblemOfThisMachineAndTextWithoutPemHeaderIsTheFiles() throws Exception {
        InvalidConfigException e = catchThrowableOfType(() -> runtime().load(workflow(
                "{caCertificate: /nowhere/ca.pem, sslCertificate: \"MIIB\\nMIIC\"}")), InvalidConfigException.class);
        assertThat(e.problems()).extracting(ConfigProblem::path, ConfigProblem::machineDependent).containsExactly(
                tuple("source.serviceConnection.config.sslConfig.caCertificate", true),
                tuple("source.serviceConnection.config.sslConfig.sslCertificate", false));
    }

    @Test
    void aPathToAPemFileIsGivenToTheDriverAsItIsAndPemTextThroughAPrivateFile() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), PEM);
        PostgresConnection byPath = (PostgresConnection) runtime().load(workflow("{caCertificate: \"" + ca + "\"}"))
                .connection();
        assertThat(new PostgresClient(byPath).properties().getProperty("sslrootcert")).isEqualTo(ca.toString());

        PostgresConnection byText = (PostgresConnection) runtime().load(workflow("{caCertificate: \""
                + PEM.replace("\n", "\\n") + "\"}")).connection();
        Properties props = new PostgresClient(byText).properties();
        Path written = Path.of(props.getProperty("sslrootcert"));
        assertThat(written).isNotEqualTo(ca).hasContent(PEM.strip());
        if (written.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                    .isEqualTo("rw-------");
        }
    }
}
