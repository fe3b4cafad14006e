package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlySecretsTest {

    private static final String WORKFLOW = """
            source:
              type: postgres
              serviceName: svc
              serviceConnection:
                config: {type: Postgres, hostPort: "db:5432", username: "${PG_USER}",
                         authType: {password: "${PG_PASSWORD}"}, database: shop}
            workflowConfig:
              openMetadataServerConfig:
                hostPort: http://om:8585/api
                securityConfig: {jwtToken: "${OM_TOKEN:-fallbackToken}", tokenUrl: "http://auth/url"}
            """;

    @Test
    void credentialValuesAreMaskedAsTheEnvironmentGivesThem() {
        Map<String, String> env = Map.of("PG_USER", "ingest", "PG_PASSWORD", "ingestpw");

        String masked = EarlySecrets.of(WORKFLOW, env::get)
                .mask("/tmp/ingestpw/r.json fallbackToken ingest http://auth/url");

        assertThat(masked).isEqualTo("/tmp/******/r.json ****** ingest http://auth/url");
    }

    @Test
    void aFileThatDoesNotParseMasksNothing() {
        assertThat(EarlySecrets.of("source: [unclosed", Map.<String, String>of()::get).isEmpty()).isTrue();
        assertThat(EarlySecrets.of("just text", Map.<String, String>of()::get).isEmpty()).isTrue();
    }
}
