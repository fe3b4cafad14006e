package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartUpWarmUpTest {

    @Test
    void everyLibraryRunsWithoutFailing() {
        assertThat(StartUpWarmUp.warmUp()).isEmpty();
    }

    @Test
    void runsOnADaemonThreadThatEnds() throws Exception {
        Thread warmUp = StartUpWarmUp.begin();
        assertThat(warmUp.isDaemon()).isTrue();
        warmUp.join(60_000);
        assertThat(warmUp.isAlive()).isFalse();
    }
}
