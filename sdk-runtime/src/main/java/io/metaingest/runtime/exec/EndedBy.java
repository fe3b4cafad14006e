package io.metaingest.runtime.exec;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why a run ended, for an orchestrator to act on without reading {@code fatalError}'s text; each kind
 * has its exit code here and nowhere else, so the report's {@code exitCode} and the command's agree.
 */
public enum EndedBy {
    /** Every step ran: success, or partial success at or above the threshold. Exit 0. */
    COMPLETED("completed", 0),
    /** Every step ran, but the success rate is below {@code successThreshold}. Exit 1. */
    BELOW_THRESHOLD("belowThreshold", 1),
    /** A test suite's run succeeded, but some tests Failed or were Aborted, with {@code --fail-on-failed-tests}. Exit 4. */
    TESTS_NOT_PASSED("testsNotPassed", 4),
    /** A source (or the OpenMetadata server) could not be reached or refused the credentials. Exit 3. */
    CONNECTION_FAILURE("connectionFailure", 3),
    /** The workflow file has problems: nothing was run. Exit 2. */
    INVALID_CONFIGURATION("invalidConfiguration", 2),
    /** The process was stopped (SIGTERM, SIGINT, SIGHUP; the report's {@code signal}). Exit 128 + the signal's number. */
    SIGNAL("signal", 143),
    /** The Java heap was too small for the run. Exit 1. */
    OUT_OF_MEMORY("outOfMemory", 1),
    /** A sink could not write (a full disk, a server that failed). Exit 1. */
    SINK_UNAVAILABLE("sinkUnavailable", 1),
    /** Any other error that ended the run (a source's stream that broke, a step's bug). Exit 1. */
    ERROR("error", 1),
    /**
     * The command line ran no workflow (an unknown option, {@code --help}): the launcher's {@code queued} mark
     * is ended with the command's own exit code (2 for a usage error, 0 for {@code --help}).
     */
    NOTHING_RUN("nothingRun", 1),
    /**
     * Written by {@code metaingest status --mark-failed} (or by the next run given the same report): the run's
     * process ended without a final state (SIGKILL, a lost machine). Its exit code is not known: none.
     */
    ABANDONED("abandoned", null);

    private final String value;
    private final Integer exitCode;

    EndedBy(String value, Integer exitCode) {
        this.value = value;
        this.exitCode = exitCode;
    }

    /** The name in the report. */
    @JsonValue
    public String value() {
        return value;
    }

    /**
     * The code the command exits with for this end; for {@link #SIGNAL} 128 + the signal's number
     * ({@code signal} as {@link StopSignals} names it), 143 when no signal is known (the launcher ended);
     * null for {@link #ABANDONED}.
     */
    public Integer exitCode(String signal) {
        return this == SIGNAL ? Integer.valueOf(StopSignals.exitCode(signal)) : exitCode;
    }

    /**
     * The end a result without one says (a result built by an older caller): from its state, the
     * connection failure flag and whether a fatal error ended it.
     */
    static EndedBy inferred(RunState state, boolean connectionFailure, String fatalError) {
        if (state == null || !state.isFinal()) {
            return null;
        }
        if (connectionFailure) {
            return CONNECTION_FAILURE;
        }
        if (state != RunState.FAILED) {
            return COMPLETED;
        }
        return fatalError == null ? BELOW_THRESHOLD : ERROR;
    }
}
