package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SecretTest {

    record Connection(String user, Secret password) {
    }

    @Test
    void neverPrintsTheValue() throws Exception {
        Connection connection = new ObjectMapper().readValue("{\"user\":\"u\",\"password\":\"hunter2\"}", Connection.class);
        assertThat(connection.password().reveal()).isEqualTo("hunter2");
        assertThat(connection.toString()).doesNotContain("hunter2").contains(Secret.MASK);
        assertThat(new ObjectMapper().writeValueAsString(connection)).doesNotContain("hunter2");
    }

    @Test
    void namesThatReadLikeACredentialsAreTakenForOne() {
        assertThat(java.util.List.of("sslpassword", "PGPASSWD", "pwd", "client_secret", "auth_token", "Credentials"))
                .allMatch(Secret::isCredentialName);
        assertThat(java.util.List.of("user", "sslmode", "application_name", "limit")).noneMatch(Secret::isCredentialName);
    }
}
