package io.metaingest.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When a status file's process is certainly gone, and when its pid proves nothing. */
class RunProcessTest {

    private static final RunProcess HERE = RunProcess.current();

    private static RunProcess with(long pid, String host, String boot, String namespace, Instant started) {
        return new RunProcess(pid, host, boot, namespace, started);
    }

    @Test
    void thisProcessIsDescribedWellEnoughToBeToldApartOnLinux() {
        assertThat(HERE.bootId()).isNotEmpty();
        assertThat(HERE.pidNamespace()).startsWith("pid:[");
        assertThat(HERE.startedAt()).isNotNull();
        assertThat(HERE.isGoneHere()).isFalse();
        assertThat(HERE.here()).isEqualTo(RunProcess.Liveness.ALIVE);
        assertThat(with(HERE.pid(), HERE.host(), HERE.bootId(), "pid:[1]", HERE.startedAt()).here())
                .as("another PID namespace").isEqualTo(RunProcess.Liveness.UNKNOWN);
    }

    @Test
    void aProcessThatEndedIsGoneAndOneThatHoldsItsPidSinceAnotherTimeIsAnother() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(with(child.pid(), HERE.host(), HERE.bootId(), HERE.pidNamespace(), Instant.parse("2026-01-01T00:00:00Z"))
                .isGoneHere()).isTrue();
        // This JVM's pid, recorded with another start: a recycled pid, so the run's process is gone.
        assertThat(with(HERE.pid(), HERE.host(), HERE.bootId(), HERE.pidNamespace(), HERE.startedAt().minusSeconds(60))
                .isGoneHere()).isTrue();
    }

    @Test
    void aPidNumberedElsewhereOrNotFullyDescribedProvesNothing() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant started = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(with(child.pid(), HERE.host(), HERE.bootId(), "pid:[1]", started).isGoneHere()).as("another PID namespace").isFalse();
        assertThat(with(child.pid(), HERE.host(), "another-boot", HERE.pidNamespace(), started).isGoneHere()).as("another boot").isFalse();
        assertThat(with(child.pid(), "another-host", HERE.bootId(), HERE.pidNamespace(), started).isGoneHere()).as("another host").isFalse();
        assertThat(new RunProcess(child.pid(), HERE.host()).isGoneHere()).as("an older status file").isFalse();
    }

    /** A live pid numbered in another boot or PID namespace is not the run's process: pid 1 is always alive. */
    @Test
    void aLivePidNumberedElsewhereIsNotTheRunsProcess() {
        Instant started = Instant.now();
        assertThat(with(1, HERE.host(), "another-boot", HERE.pidNamespace(), started).isAliveHere(started)).isFalse();
        assertThat(with(1, HERE.host(), HERE.bootId(), "pid:[1]", started).isAliveHere(started)).isFalse();
        assertThat(with(HERE.pid(), HERE.host(), HERE.bootId(), HERE.pidNamespace(), null).isAliveHere(null))
                .as("this process, numbered here").isTrue();
        assertThat(new RunProcess(HERE.pid(), HERE.host()).isAliveHere(null)).as("an older status file, by its host").isTrue();
    }

    /**
     * The launcher's {@code queued} mark records no start: a pid nobody holds where it was numbered is gone all the
     * same (a run killed while its JVM started), one somebody holds cannot be told from a recycled one.
     */
    @Test
    void aRecordWithoutItsStartIsGoneWhenNoProcessHoldsItsPidAndUnknownWhenOneDoes() throws Exception {
        Process child = new ProcessBuilder("true").start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(with(child.pid(), HERE.host(), HERE.bootId(), HERE.pidNamespace(), null).here()).isEqualTo(RunProcess.Liveness.GONE);
        assertThat(with(HERE.pid(), HERE.host(), HERE.bootId(), HERE.pidNamespace(), null).here())
                .isEqualTo(RunProcess.Liveness.UNKNOWN);
        assertThat(with(child.pid(), HERE.host(), HERE.bootId(), "pid:[1]", null).isGoneHere()).as("another PID namespace").isFalse();
    }

    @Test
    void theFieldsSurviveTheStatusFileAndAnOlderFileReadsAsUnknown() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode report = Mappers.standard().createObjectNode();
        HERE.writeInto(report);
        assertThat(RunProcess.of(report)).contains(HERE);
        assertThat(RunProcess.of(Mappers.standard().readTree("{\"process\": {\"pid\": 7, \"host\": \"h\", \"startedAt\": \"soon\"}}")))
                .contains(new RunProcess(7, "h"));
    }
}
