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
}
