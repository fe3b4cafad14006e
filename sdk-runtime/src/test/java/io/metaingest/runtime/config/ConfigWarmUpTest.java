package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigWarmUpTest {

    /** The warm-up exercises the path a valid workflow takes (parse, then a validation that passes), not an error path. */
    @Test
    void theThrowAwayDocumentParsesAndValidates() throws Exception {
        assertThat(ConfigWarmUp.run()).isEmpty();
    }
}
