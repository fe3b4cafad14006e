package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Secret;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.exec.CommitRecord;
import io.metaingest.runtime.exec.RunState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The run a {@code --report} file names when a new run starts over it, if that run never reached a final
 * state and its process is certainly gone (killed with SIGKILL, say: {@link RunProcess#isGoneHere}, as
 * {@code metaingest status} decides it is stale). The new run's report replaces the only record of it, so
 * the new run says so once and marks it failed on the ingestion pipeline it reported to, as
 * {@code metaingest status --mark-failed} would; otherwise the server would say it is running forever.
 */
final class AbandonedRun {

    private final ObjectNode run;
    private final String runId;

    private AbandonedRun(ObjectNode run) {
        this.run = run;
        this.runId = run.path("pipelineRunId").asText();
    }

    /** The unfinished run of another, gone process that {@code report} names; empty for anything else. */
    static Optional<AbandonedRun> find(Path report) {
        try {
            JsonNode existing = Mappers.standard().readTree(report.toFile());
            String state = existing.path("state").asText("");
            boolean unfinished = state.equals(RunState.RUNNING.value()) || state.equals(RunState.QUEUED.value());
            // A queued mark names no run yet (the workflow was still loading): nothing ran that the server knows of.
            if (!unfinished || !existing.hasNonNull("pipelineRunId")
                    || RunProcess.of(existing).filter(RunProcess::isGoneHere).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AbandonedRun((ObjectNode) CommitRecord.resolved(existing)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no file, or not a status file: no run to lose
        }
    }

    /**
     * Tells, before the new run's state replaces the file, which run ended without a final state; returns the
     * warning (without "warning: "), for the new run's report.
     */
    String warn(PrintStream err) {
        String warning = "the previous run " + runId + " of this report ended without a final state (its process is"
                + " gone)" + StatusCommand.committedOutputs(run) + "; marking it failed";
        err.println("warning: " + warning);
        return warning;
    }

    /** The token that marks it failed, and whether it came from {@link StatusCommand#TOKEN_VARIABLE}. */
    record Token(String value, boolean fromVariable) {
    }

    /**
     * Sends {@code failed} to the ingestion pipeline the run reported to, when it names one; says on
     * {@code err} what came of it. An {@code https} server is reached as by default (this JVM's trust store).
     *
     * @param token the bot's JWT (the workflow's, or {@value StatusCommand#TOKEN_VARIABLE}'s); empty when there is none
     * @return the warning said (without "warning: ") when it could not be marked, for the new run's report
     */
    Optional<String> markFailedOnServer(Optional<Token> token, PrintStream err) {
        return markFailedOnServer(token, null, err);
    }

    /**
     * As {@link #markFailedOnServer(Optional, PrintStream)}, reaching the server with the {@code verifySSL} and
     * {@code sslConfig} of {@code settings} (the new run's workflow's {@code openMetadataServerConfig}) when they are
     * for the same server ({@link PipelineStateSender#sameServer}); null for the default.
     */
    Optional<String> markFailedOnServer(Optional<Token> token, OpenMetadataServerConfig settings, PrintStream err) {
        if (!PipelineStateSender.namesServer(run)) {
            return Optional.empty(); // it reported to no server: the warning was all there was to say
        }
        String where = "ingestion pipeline " + run.path("ingestionPipelineFQN").asText() + " on "
                + run.path("openMetadataHostPort").asText();
        if (token.isEmpty()) {
            String warning = "the previous run " + runId + " could not be marked failed on " + where + ": no token (the"
                    + " workflow names none, and " + StatusCommand.TOKEN_VARIABLE + " is not set); its status there may"
                    + " still say running";
            err.println("warning: " + warning);
            return Optional.of(warning);
        }
        Instant now = Instant.now();
        ObjectNode failed = run.deepCopy();
        failed.put("state", RunState.FAILED.value());
        failed.put("fatalError", "its process " + RunProcess.of(run).map(RunProcess::pid).orElse(0L)
                + " ended without a final state (killed?)" + StatusCommand.committedOutputs(run)
                + "; marked failed by the next run over its report");
        failed.put("updatedAt", now.toString());
        Optional<String> problem = new PipelineStateSender(Mappers.standard()).send(failed, Secret.of(token.get().value()), settings, now)
                .map(p -> token.get().fromVariable() ? StatusCommand.fromVariable(p, "metaingest ingest") : p);
        Optional<String> warning = problem.map(why -> "the previous run " + runId + " could not be marked failed on "
                + where + ": " + why + "; its status there may still say running");
        err.println(warning.map(w -> "warning: " + w).orElse("the previous run " + runId + " is marked failed on " + where));
        return warning;
    }
}
