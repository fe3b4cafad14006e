package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The exit code of each stop signal, as the report's {@code exitCode} gives it. (A real SIGTERM through
 * the recorder is the CLI's StopTest; SIGHUP is not sent there, as a shell under nohup ignores it for its
 * children and the JVM then leaves it alone.)
 */
class StopSignalsTest {

    @Test
    void eachStopSignalExitsWith128AndItsNumberAndAnUnknownOneAsOnSigterm() {
        assertThat(StopSignals.exitCode("SIGHUP")).isEqualTo(129);
        assertThat(StopSignals.exitCode("SIGINT")).isEqualTo(130);
        assertThat(StopSignals.exitCode("SIGTERM")).isEqualTo(143);
        assertThat(StopSignals.exitCode(null)).isEqualTo(143);
        assertThat(StopSignals.exitCode("SIGUSR1")).isEqualTo(143);
    }
}
