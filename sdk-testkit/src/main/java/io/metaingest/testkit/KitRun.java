package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a workflow through the runtime, as the kit saw it.
 *
 * @param kind a label for messages, e.g. {@code metadata}
 * @param result the runtime's result (the run report)
 * @param lines the NDJSON lines the file sink wrote, in order
 * @param records the same lines parsed
 * @param printed everything the run printed, by place: run report, console, standard output, standard error,
 *                and what it logged through SLF4J
 * @param secrets the secret values the runtime found in the workflow
 * @param replacedSink the sink type the test's workflow names where the kit ran its own file sink instead;
 *                     null when the run kept the workflow's own last steps
 */
record KitRun(String kind, RunResult result, List<String> lines, List<JsonNode> records, Map<String, String> printed,
              List<String> secrets, String replacedSink) {

    /**
     * A step's error as the author's workflow would word it: the kit's file sink, which stands in for
     * the workflow's sink, named by the workflow's sink type.
     */
    String told(String error) {
        List<StepSummary> steps = result.steps();
        if (replacedSink == null || steps.isEmpty() || error == null) {
            return withScopeHint(error);
        }
        String kitSink = steps.get(steps.size() - 1).name();
        String told = "the sink '" + replacedSink + "' (which the kit runs as its file sink)";
        return withScopeHint(error).replace("step '" + kitSink + "'", told).replace("sink '" + kitSink + "'", told);
    }

    /** The runtime's advice when a plugin lacks a class, as the runtime words it. */
    static final String MISSING_JAR = "; add the jar that holds it to the plugin's folder";

    /**
     * The runtime's "add the jar to the plugin's folder" with what a Maven author usually has to do: a
     * dependency in {@code provided} scope (a JDBC driver, say) is on the test class path but not in
     * the plugin the assembly builds.
     */
    static String withScopeHint(String error) {
        if (error == null || !error.contains(MISSING_JAR) || error.contains(SCOPE_HINT)) {
            return error;
        }
        return error.replace(MISSING_JAR, MISSING_JAR + SCOPE_HINT);
    }

    private static final String SCOPE_HINT = ", or change its Maven scope to compile or runtime (not provided or test)"
            + " so the plugin assembly includes it";

    /** The sink's first failure, as {@link #told}, with how many it had; empty when it had none. */
    Optional<String> sinkFailure() {
        List<StepSummary> steps = result.steps();
        if (steps.size() < 2) {
            return Optional.empty();
        }
        StepSummary sink = steps.get(steps.size() - 1);
        return sink.failures().stream().findFirst().map(e -> "the sink failed " + sink.errors() + " record(s), first: "
                + e.name() + ": " + told(e.error()));
    }

    /**
     * For a run the source's exception ended (the runtime counts that error on the source), what its
     * author usually meant: the Source contract's way to skip one entity and go on; else empty.
     */
    String skipOneEntityFix() {
        return sourceThrew() ? "; to skip one entity and go on, return Result.failed(name, error) for it instead of"
                + " throwing (a source that throws ends the run)" : "";
    }

    private boolean sourceThrew() {
        List<StepSummary> steps = result.steps();
        // A constructor that threw is not a read that could have skipped one entity.
        return result.endedBy() == io.metaingest.runtime.exec.EndedBy.ERROR && !steps.isEmpty()
                && !result.fatalError().startsWith(io.metaingest.runtime.exec.Injectors.StepCreationException.PREFIX)
                && steps.get(0).failures().stream().anyMatch(f -> result.fatalError().equals(f.error()));
    }

    /** The one-line state for messages. */
    String describe() {
        return kind + " run ended " + result.state()
                + (result.fatalError() != null ? " (" + result.fatalError() + ")" : "")
                + " with " + lines.size() + " records";
    }

    /**
     * Why the run failed, on one line (its fatal error, or its success rate under the threshold with
     * its distinct failures); empty when it succeeded, partly or fully.
     */
    Optional<String> failure() {
        RunState state = result.state();
        if (state == RunState.SUCCESS || state == RunState.PARTIAL_SUCCESS) {
            return Optional.empty();
        }
        if (result.fatalError() != null) {
            return Optional.of(withScopeHint(result.fatalError()));
        }
        return Optional.of("it ended " + state + " with success " + result.success() + " % (threshold "
                + result.successThreshold() + " %)" + failures());
    }

    /** Distinct failures shown when a run fails under its threshold; more are counted, not shown. */
    static final int SHOWN_FAILURES = 5;

    /**
     * The run's distinct failures (by step and error, the first record named for each), so that a new
     * failure does not hide behind one the author expects (a sample's deliberately broken input).
     */
    private String failures() {
        Map<String, String> distinct = new java.util.LinkedHashMap<>();
        for (StepSummary step : result.steps()) {
            for (StepError e : step.failures()) {
                distinct.putIfAbsent(step.name() + "\n" + told(e.error()), e.name() + ": " + told(e.error()));
            }
        }
        if (distinct.isEmpty()) {
            return "";
        }
        if (distinct.size() == 1) {
            return "; first failure: " + distinct.values().iterator().next();
        }
        List<String> shown = distinct.values().stream().limit(SHOWN_FAILURES).toList();
        int more = distinct.size() - shown.size();
        return "; " + distinct.size() + " distinct failures: " + String.join(" | ", shown)
                + (more > 0 ? " | and " + more + " more" : "");
    }

    /**
     * Why the records written are not the whole output of the run: it failed, or its sink wrote fewer
     * records than the source emitted; empty when they are.
     */
    Optional<String> incomplete() {
        Optional<String> failed = failure();
        if (failed.isPresent()) {
            return Optional.of("failed: " + failed.get());
        }
        List<StepSummary> steps = result.steps();
        long emitted = steps.isEmpty() ? 0 : steps.get(0).records();
        StepSummary sink = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (sink == null || steps.size() < 2 || sink.errors() > 0 || lines.size() != emitted) {
            String error = sink == null ? "" : sink.failures().stream().findFirst().map(StepError::error)
                    .map(e -> " (" + told(e) + ")").orElse("");
            return Optional.of("wrote " + lines.size() + " of the " + emitted + " records its source emitted" + error);
        }
        return Optional.empty();
    }
}
