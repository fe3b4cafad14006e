package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.config.LoadedWorkflow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A credential in connectionArguments or connectionOptions, whose keys no schema names, is a secret too. */
class FreeFormSecretsTest {

    @TempDir
    Path dir;

    @Test
    void aCredentialKeyInTheFreeFormMapsIsMaskedLikeThePassword() throws Exception {
        Path workflow = Workflows.unreachedMetadata(dir, """
                username: ingest
                authType: {password: Main-Secret-1}
                database: shop
                connectionArguments: {sslpassword: ArgSecret123, sslmode: require, tcpKeepAlive: "true"}
                connectionOptions: {auth_token: OptToken456}""", "{type: DatabaseMetadata}");
        LoadedWorkflow loaded = Workflows.runtime().load(workflow);

        assertThat(loaded.secrets()).containsExactlyInAnyOrder("Main-Secret-1", "ArgSecret123", "OptToken456");
        assertThat(loaded.masker().mask("FATAL: could not decrypt key with ArgSecret123; token OptToken456; sslmode require"))
                .isEqualTo("FATAL: could not decrypt key with ******; token ******; sslmode require");
        // The secret in its own setting is no "setting that holds a secret's text".
        assertThat(loaded.warnings()).noneMatch(w -> (w.contains("sslpassword") || w.contains("auth_token"))
                && w.contains("the text of a secret"));
    }
}
