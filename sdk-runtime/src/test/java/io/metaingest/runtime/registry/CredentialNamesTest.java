package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which string fields the connection checks take for an unmarked credential. */
class CredentialNamesTest {

    @Test
    void aNameEndingInACredentialWordIsOne() {
        assertThat(List.of("password", "proxyPassword", "proxy_password", "db-passwd", "pwd", "clientSecret",
                "client_secret", "token", "accessToken", "refresh_token", "apitoken", "credential", "credentials",
                "serviceAccountCredentials", "passphrase", "keyPassphrase", "secretKey", "private_key", "PASSWORD"))
                .allMatch(ConnectionSchemaChecks::namesACredential);
    }

    @Test
    void aNameWhereTheCredentialWordOnlyQualifiesAnotherIsNot() {
        assertThat(List.of("tokenUrl", "token_url", "tokenEndpoint", "passwordFile", "password_policy", "secretName",
                "credentialsPath", "tokenExpirySeconds", "username", "hostPort", "apiVersion", "keyId", "pwdHint"))
                .noneMatch(ConnectionSchemaChecks::namesACredential);
    }
}
