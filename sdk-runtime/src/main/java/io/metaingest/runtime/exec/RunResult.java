package io.metaingest.runtime.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a run, written as the JSON run report.
 *
 * @param pipelineRunId the run's id
 * @param serviceName the service
 * @param sourceType {@code source.type}
 * @param state the final (or current) state
 * @param success the workflow success percentage
 * @param successThreshold the configured threshold
 * @param startedAt when the run started
 * @param updatedAt the last heartbeat or the end
 * @param fatalError the one-line reason a run ended early, or null
 * @param connectionFailure whether the fatal error was a connection failure (exit code 3)
 * @param steps every step's summary, source first
 * @param warnings configuration warnings (deprecated names), and a final state the server did not take
 * @param outputs what each sink left at its destination (empty while running)
 * @param ingestionPipelineFQN the ingestion pipeline the run reports its state to, or null
 * @param openMetadataHostPort the server of that pipeline, or null; {@code metaingest status --mark-failed}
 *                             reports a stale run there (the token is never written here)
 * @param testResults a test-suite run's tests by status ({@code Success}, {@code Failed}, {@code Aborted}, and
 *                    {@code NotRun} for tests whose service could not be used), or null for other runs
 * @param endedBy why the run ended, once it has ({@link EndedBy}); null while queued or running
 * @param signal the signal that stopped it ({@code SIGTERM}, {@code SIGINT}, {@code SIGHUP}) when {@code endedBy}
 *               is {@link EndedBy#SIGNAL} and the signal is known; else null
 * @param exitCode the code the command exits with for this end, once it has ended; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(String pipelineRunId, String serviceName, String sourceType, RunState state, double success,
                        int successThreshold, Instant startedAt, Instant updatedAt, String fatalError,
                        boolean connectionFailure, List<StepSummary> steps, List<String> warnings,
                        List<SinkOutput> outputs, String ingestionPipelineFQN, String openMetadataHostPort,
                        java.util.Map<String, Long> testResults, EndedBy endedBy, String signal,
                        Integer exitCode) {

    /** A result whose end, if it has one, is told by its state, connection failure and fatal error ({@link EndedBy#inferred}). */
    public RunResult(String pipelineRunId, String serviceName, String sourceType, RunState state, double success,
                     int successThreshold, Instant startedAt, Instant updatedAt, String fatalError,
                     boolean connectionFailure, List<StepSummary> steps, List<String> warnings,
                     List<SinkOutput> outputs, String ingestionPipelineFQN, String openMetadataHostPort,
                     java.util.Map<String, Long> testResults) {
        this(pipelineRunId, serviceName, sourceType, state, success, successThreshold, startedAt, updatedAt,
                fatalError, connectionFailure, steps, warnings, outputs, ingestionPipelineFQN, openMetadataHostPort,
                testResults, EndedBy.inferred(state, connectionFailure, fatalError), null);
    }

    /** A result that ended by {@code endedBy} (null while running), its exit code the one {@link EndedBy} gives. */
    public RunResult(String pipelineRunId, String serviceName, String sourceType, RunState state, double success,
                     int successThreshold, Instant startedAt, Instant updatedAt, String fatalError,
                     boolean connectionFailure, List<StepSummary> steps, List<String> warnings,
                     List<SinkOutput> outputs, String ingestionPipelineFQN, String openMetadataHostPort,
                     java.util.Map<String, Long> testResults, EndedBy endedBy, String signal) {
        this(pipelineRunId, serviceName, sourceType, state, success, successThreshold, startedAt, updatedAt,
                fatalError, connectionFailure, steps, warnings, outputs, ingestionPipelineFQN, openMetadataHostPort,
                testResults, endedBy, signal, endedBy == null ? null : endedBy.exitCode(signal));
    }

    /** A result of a run that runs no tests. */
    public RunResult(String pipelineRunId, String serviceName, String sourceType, RunState state, double success,
                     int successThreshold, Instant startedAt, Instant updatedAt, String fatalError,
                     boolean connectionFailure, List<StepSummary> steps, List<String> warnings,
                     List<SinkOutput> outputs, String ingestionPipelineFQN, String openMetadataHostPort) {
        this(pipelineRunId, serviceName, sourceType, state, success, successThreshold, startedAt, updatedAt,
                fatalError, connectionFailure, steps, warnings, outputs, ingestionPipelineFQN, openMetadataHostPort, null);
    }

    /** How many tests did not pass (Failed, Aborted, or never run: their service could not be used); 0 without tests. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long testsNotPassed() {
        return testResults == null ? 0 : testResults.getOrDefault("Failed", 0L) + testResults.getOrDefault("Aborted", 0L)
                + testResults.getOrDefault(io.metaingest.api.quality.TestResults.NOT_RUN, 0L);
    }

    /** How many tests the run had, run or not; 0 without tests. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long tests() {
        return testResults == null ? 0 : testResults.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The tests by status in one line, {@code 5 tests: 3 Success, 1 Failed, 0 Aborted, 1 not run}, or null
     * for a run without tests.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String testsLine() {
        if (testResults == null) {
            return null;
        }
        StringBuilder line = new StringBuilder().append(tests()).append(tests() == 1 ? " test: " : " tests: ");
        String sep = "";
        for (java.util.Map.Entry<String, Long> e : testResults.entrySet()) {
            boolean notRun = e.getKey().equals(io.metaingest.api.quality.TestResults.NOT_RUN);
            // The report always lists NotRun; the line names it only when some test never ran.
            if (notRun && e.getValue() == 0) {
                continue;
            }
            String status = notRun ? "not run" : e.getKey();
            line.append(sep).append(e.getValue()).append(' ').append(status);
            sep = ", ";
        }
        return line.toString();
    }

    /** This result with one more warning. */
    public RunResult withWarning(String warning) {
        List<String> more = new java.util.ArrayList<>(warnings);
        more.add(warning);
        return new RunResult(pipelineRunId, serviceName, sourceType, state, success, successThreshold, startedAt,
                updatedAt, fatalError, connectionFailure, steps, List.copyOf(more), outputs, ingestionPipelineFQN,
                openMetadataHostPort, testResults, endedBy, signal, exitCode);
    }

    /** This result with the exit code the command ends with instead (a command line that ran nothing). */
    public RunResult withExitCode(int code) {
        return new RunResult(pipelineRunId, serviceName, sourceType, state, success, successThreshold, startedAt,
                updatedAt, fatalError, connectionFailure, steps, warnings, outputs, ingestionPipelineFQN,
                openMetadataHostPort, testResults, endedBy, signal, code);
    }
}
