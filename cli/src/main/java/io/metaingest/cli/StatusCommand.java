package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Secret;
import io.metaingest.api.StepError;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.openmetadata.OpenMetadataClient;
import io.metaingest.openmetadata.RunStatusPublisher;
import io.metaingest.openmetadata.ServerTls;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.EnvSubstitution;
import io.metaingest.runtime.config.WorkflowYaml;
import io.metaingest.runtime.exec.EndedBy;
import io.metaingest.runtime.exec.CommitRecord;
import io.metaingest.runtime.exec.RunReportWriter;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code metaingest status FILE…}: lists runs from their status files (the {@code --report} file,
 * which a run rewrites at every heartbeat and ends with its final state) and finds runs still
 * "queued" or "running" whose heartbeat stopped: a process killed with SIGKILL or a lost machine cannot write
 * its own final state. With {@code --mark-failed} such a run is finalised as failed with a reason,
 * in the file and, when the file names an ingestion pipeline, on the OpenMetadata server. A status file holds
 * neither the token nor the TLS settings: {@code -c WORKFLOW} gives them ({@code securityConfig.jwtToken},
 * {@code verifySSL}, {@code sslConfig}) for runs on that workflow's server; otherwise the token comes from
 * {@value #TOKEN_VARIABLE}.
 */
@Command(name = StatusCommand.NAME, mixinStandardHelpOptions = true,
        description = "List runs from their status files and finalise those whose heartbeat stopped.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run is final, live, or was finalised here and on its server",
                "1:a run is stale (without --mark-failed), its final state is not on its server, or could not be"
                        + " written or sent",
                "2:a file is missing, unreadable or not a status file, or a bad --stale-after"})
final class StatusCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "status";

    /** The environment variable holding the bot's JWT for reports to the server. */
    static final String TOKEN_VARIABLE = "OPENMETADATA_JWT_TOKEN";

    /** A sender's problem for a token from {@link #TOKEN_VARIABLE}: the sender names the workflow's setting. */
    static String fromVariable(String problem, String command) {
        return problem.replace("check " + OpenMetadataClient.TOKEN_SETTING, "check " + TOKEN_VARIABLE
                + ", the token " + command + " sends");
    }

    @ParentCommand
    Main main;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "status files written with --report / --status-file")
    List<Path> files;

    @Option(names = "--stale-after", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "a queued or running run whose last heartbeat is older than this is stale (e.g. 90s, 10m, 2h;"
                    + " default 10m), unless its process is alive on this host")
    Duration staleAfter;


    @Option(names = "--mark-failed", description = "finalise stale runs as failed, in the file and on the server it names")
    boolean markFailed;

    @Option(names = {"-c", "--config"}, paramLabel = "WORKFLOW",
            description = "the workflow the runs were started with: --mark-failed reaches their server (when it is this"
                    + " workflow's hostPort) with its securityConfig.jwtToken, verifySSL and sslConfig, as the runs did")
    Path config;

    /** The TLS settings of {@code -c}'s server, or null (none given). */
    private OpenMetadataServerConfig serverSettings;

    /** The bot's JWT of {@code -c}'s workflow, or null (no -c, no token there, or its variable not set). */
    private String workflowToken;

    /**
     * Why {@code -c}'s workflow gave no token ({@code -c pg.yaml: …jwtToken: environment variable OM_TOKEN is not
     * set}), or null: with {@code -c} given, "give -c" would send the user back to what they did.
     */
    private String workflowTokenGap;

    private final ObjectMapper mapper = Mappers.standard();

    /** {@code time} as people read it: UTC, ISO-8601, to the second (the report keeps its full precision). */
    private static Instant toSecond(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** Why {@code file} cannot be read at all, in the user's words; empty when it can. */
    private static Optional<String> unreadable(Path file) {
        if (!Files.exists(file)) {
            return Optional.of("no such file");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("a folder, not a status file");
        }
        return Files.isReadable(file) ? Optional.empty() : Optional.of("cannot be read (permission denied)");
    }

    @Override
    public Integer call() {
        Instant now = Clock.systemUTC().instant();
        if (config != null) {
            Optional<List<String>> problems = readServerSettings(config);
            if (problems.isPresent()) {
                problems.get().forEach(main.err()::println);
                return ExitCodes.INVALID_CONFIG;
            }
        }
        int exit = ExitCodes.OK;
        for (Path file : files) {
            Optional<String> unreadable = unreadable(file);
            if (unreadable.isPresent()) {
                main.err().println(file + ": " + unreadable.get());
                exit = Math.max(exit, ExitCodes.INVALID_CONFIG);
                continue;
            }
            ObjectNode run;
            try {
                // A commit the killed run had begun and not yet recorded as done is told by its destination.
                run = (ObjectNode) CommitRecord.resolved(mapper.readTree(file.toFile()));
                if (!run.has("state")) {
                    throw new ClassCastException();
                }
            } catch (IOException | ClassCastException e) {
                main.err().println(file + ": not a status file: give the file a run's --report wrote");
                exit = Math.max(exit, ExitCodes.INVALID_CONFIG);
                continue;
            }
            String state = run.path("state").asText("unknown");
            Instant updated = PipelineStateSender.instant(run.path("updatedAt"));
            // Queued too: a process killed (or a disk filled) while it loaded the workflow leaves that state.
            boolean unfinished = "running".equals(state) || "queued".equals(state);
            // A queued report names no run yet: its id comes with the workflow, which was still being loaded.
            // A final state's time is when it was written (by its run, or by a --mark-failed): not a heartbeat.
            // A failed run says how it ended (the report's endedBy): invalidConfiguration, connectionFailure, signal SIGTERM…
            String endedBy = "failed".equals(state) && run.path("endedBy").isTextual() ? " (" + run.path("endedBy").asText()
                    + (run.path("signal").isTextual() ? " " + run.path("signal").asText() : "") + ")" : "";
            // A queued report names the workflow it was loading (the launcher's mark too): the only clue to which run it was.
            String line = file + ": run " + run.path("pipelineRunId").asText("(not started)") + " " + state + endedBy
                    + (updated == null ? "" : (unfinished ? ", last heartbeat " : ", ended ") + toSecond(updated))
                    + (run.path(QueuedRun.WORKFLOW).isTextual() ? ", workflow " + run.path(QueuedRun.WORKFLOW).asText() : "");
            Optional<RunProcess> process = RunProcess.of(run);
            // Its process gone from this host's own numbering of pids: no heartbeat can come, whatever --stale-after says.
            boolean gone = unfinished && process.isPresent() && process.get().isGoneHere();
            boolean stale = gone || unfinished && (updated == null || Duration.between(updated, now).compareTo(staleAfter) > 0);
            if (stale && process.isPresent() && process.get().isAliveHere(PipelineStateSender.instant(run.path("startedAt")))) {
                // Only slow to write (a busy disk, a paused machine): finalising it would be overwritten by its next heartbeat.
                main.out().println(line + " - its process " + process.get().pid() + " is alive on this host: not stale");
                continue;
            }
            if (!stale && notTakenByServer(run)) {
                // Final here, but the server did not take it (it hung or was down at the end): it still says running.
                if (!markFailed) {
                    main.out().println(line + " - NOT ON SERVER: " + run.path("ingestionPipelineFQN").asText()
                            + " may still say running; run with --mark-failed to send it the final state");
                    exit = Math.max(exit, ExitCodes.FAILED);
                    continue;
                }
                try {
                    String hostPort = run.path("openMetadataHostPort").asText();
                    if (reportToServer(file, run, now).isEmpty()) {
                        main.out().println(line + " - final state sent to " + hostPort);
                    } else {
                        // Every file gets its line on stdout; why it was not sent is on stderr, above it.
                        main.out().println(line + " - NOT ON SERVER: final state not sent to " + hostPort);
                        exit = Math.max(exit, ExitCodes.FAILED);
                    }
                } catch (IOException e) {
                    main.err().println(file + ": cannot record the final state sent (" + StepError.oneLine(e) + ")");
                    exit = Math.max(exit, ExitCodes.FAILED);
                }
                continue;
            }
            if (!stale) {
                // Its pid means nothing on this host: say what decides instead of leaving a silent "queued"/"running".
                boolean elsewhere = unfinished && process.isPresent() && !process.get().host().isEmpty()
                        && !process.get().host().equals(RunProcess.current().host());
                main.out().println(line + (elsewhere ? " - its process ran on host " + process.get().host()
                        + ", so only its heartbeat tells: stale after " + staleAfter.toSeconds() + " s without one" : ""));
                continue;
            }
            String written = committedOutputs(run);
            String reason = (gone
                    ? "its process " + process.get().pid() + " ended without a final state (killed?)"
                    : "heartbeat stopped" + (updated == null ? "" : " at " + toSecond(updated))
                    + " (process killed or machine lost)") + written + "; marked failed by metaingest status";
            if (!markFailed) {
                main.out().println(line + (gone ? " - STALE: its process " + process.get().pid()
                        + " is no longer running on this host" : " - STALE: no heartbeat for over " + staleAfter.toSeconds()
                        + " s") + written + "; run with --mark-failed to finalise it");
                exit = Math.max(exit, ExitCodes.FAILED);
                continue;
            }
            try {
                boolean onServer = markFailed(file, run, reason, now);
                main.out().println(line + " - marked failed" + (onServer ? "" : " here only") + written);
                if (!onServer) {
                    exit = Math.max(exit, ExitCodes.FAILED);
                }
            } catch (IOException e) {
                main.err().println(file + ": cannot mark failed (" + StepError.oneLine(e) + ")");
                exit = Math.max(exit, ExitCodes.FAILED);
            }
        }
        return exit;
    }

    /**
     * Marks the run failed in its file, then on the server it names; whether the server has it (or none is named).
     * A state the server did not take is recorded in the file as a run records it, so a later
     * {@code --mark-failed} (with the token set, or the server back) still sends it.
     */
    private boolean markFailed(Path file, ObjectNode run, String reason, Instant now) throws IOException {
        run.put("state", "failed");
        run.put("fatalError", reason);
        run.put("endedBy", EndedBy.ABANDONED.value()); // its process's exit code is not known: no exitCode
        run.put("updatedAt", now.toString());
        write(file, run);
        Optional<String> problem = reportToServer(file, run, now);
        if (problem.isPresent()) {
            run.withArray("warnings").add(RunStatusPublisher.finalStateNotTaken(
                    run.path("ingestionPipelineFQN").asText(), "failed", ": " + problem.get()));
            write(file, run);
        }
        return problem.isEmpty();
    }

    /**
     * What an unfinished run had already committed, as its report recorded it before its final state
     * ({@code outputs} kept, {@value RunReportWriter#OUTPUT_COMMITTED_AT}): {@code "; its output X was replaced at T
     * (N records), so that data was written"}, or empty. A run killed while it wrote its final state did write its
     * data: "failed" alone would read as nothing written.
     */
    static String committedOutputs(JsonNode run) {
        Instant at = PipelineStateSender.instant(run.path(RunReportWriter.OUTPUT_COMMITTED_AT));
        if (at == null) {
            return "";
        }
        StringBuilder said = new StringBuilder();
        for (JsonNode output : run.path("outputs")) {
            if (output.path("kept").asBoolean(false)) {
                long records = output.path("records").asLong();
                said.append(said.length() == 0 ? "; its output " : ", and ").append(output.path("destination").asText())
                        .append(" was replaced at ").append(toSecond(at)).append(" (").append(records)
                        .append(records == 1 ? " record" : " records").append(")");
            }
        }
        return said.length() == 0 ? "" : said.append(", so that data was written").toString();
    }

    /** A run in a final state that names a server which did not take that state, and no later send took it. */
    private static boolean notTakenByServer(JsonNode run) {
        if (run.path("state").asText().equals("running") || run.path("state").asText().equals("queued")
                || run.hasNonNull("finalStateSentAt") || !PipelineStateSender.namesServer(run)) {
            return false;
        }
        for (JsonNode warning : run.path("warnings")) {
            if (warning.asText().contains(RunStatusPublisher.FINAL_STATE_NOT_TAKEN)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the file as the runtime replaces a report: through a symbolic link to the file it names
     * (the link stays), with the file's permissions, from a temporary file of its own beside it.
     */
    private void write(Path file, ObjectNode run) throws IOException {
        OutputFiles.replace(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(run));
    }

    /**
     * Sends the file's final state to the ingestion pipeline it names; once taken, the file says when.
     *
     * @return why the server did not take it, when the file names one and it did not (a line on
     *         stderr has said so too); empty when it took it or none is named
     */
    private Optional<String> reportToServer(Path file, ObjectNode run, Instant now) throws IOException {
        if (!PipelineStateSender.namesServer(run)) {
            return Optional.empty();
        }
        String hostPort = run.path("openMetadataHostPort").asText();
        String state = run.path("state").asText();
        boolean itsServer = serverSettings != null && PipelineStateSender.sameServer(serverSettings.hostPort(), hostPort);
        // The workflow's token is for its own server only: another server is never sent it.
        boolean fromWorkflow = itsServer && workflowToken != null;
        String token = fromWorkflow ? workflowToken : main.environment().get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            if (itsServer && workflowTokenGap != null) {
                main.err().println(file + ": not sent to " + hostPort + ": " + workflowTokenGap + ", nor is "
                        + TOKEN_VARIABLE + "; set either to the ingestion bot's JWT to send the run's final state ("
                        + state + ") to the server too");
                return Optional.of("not sent: " + workflowTokenGap + ", nor is " + TOKEN_VARIABLE);
            }
            main.err().println(file + ": not sent to " + hostPort + ": set " + TOKEN_VARIABLE
                    + " to the ingestion bot's JWT (or give -c the workflow the run was started with) to send the"
                    + " run's final state (" + state + ") to the server too");
            return Optional.of("not sent: " + TOKEN_VARIABLE + " was not set");
        }
        if (serverSettings != null && !itsServer) {
            // Another server's TLS settings would be wrong for this one: said, so a failure below is not a puzzle.
            main.err().println(file + ": its server " + hostPort + " is not the one of -c " + config + " ("
                    + serverSettings.hostPort() + "), so its verifySSL and sslConfig are not used for it");
        }
        // The sender words a refused token as a run does, naming the workflow's setting: right for -c's token; the
        // variable's is named as the variable.
        Optional<String> problem = new PipelineStateSender(mapper).send(run, Secret.of(token), serverSettings, now)
                .map(p -> fromWorkflow ? p.replace("check " + OpenMetadataClient.TOKEN_SETTING, "check -c " + config
                        + ": " + OpenMetadataClient.TOKEN_SETTING) : fromVariable(p, "metaingest status"));
        if (problem.isPresent()) {
            main.err().println(file + ": " + state + " here, but not on " + hostPort + ": " + problem.get());
            return problem;
        }
        run.put("finalStateSentAt", now.toString());
        write(file, run);
        return Optional.empty();
    }

    /**
     * Reads {@code workflow}'s {@code workflowConfig.openMetadataServerConfig} (its {@code hostPort}, {@code verifySSL}
     * and {@code sslConfig}, with {@code ${VAR}}s substituted) into {@link #serverSettings}, checked as a run checks
     * them ({@link ServerTls#problems}). Nothing else of the workflow is read: its connection's variables need not be
     * set here.
     *
     * @return the problems, one line each naming the file and the setting; empty when there are none
     */
    /**
     * The bot's JWT of a workflow's {@code openMetadataServerConfig}, its {@code ${VAR}}s substituted; null when it has
     * none, or names a variable that is not set (then {@value #TOKEN_VARIABLE} is used, as without {@code -c}).
     */
    private String tokenOf(JsonNode server) {
        String setting = "-c " + config + ": " + OpenMetadataClient.TOKEN_SETTING + ": ";
        JsonNode token = server.path("securityConfig").path("jwtToken");
        if (!token.isTextual()) {
            workflowTokenGap = setting + "not given";
            return null;
        }
        ObjectNode root = mapper.createObjectNode();
        root.putObject("workflowConfig").putObject("openMetadataServerConfig").putObject("securityConfig")
                .set("jwtToken", token.deepCopy());
        List<ConfigProblem> unset = new EnvSubstitution(main.environment()::get).apply(root);
        if (!unset.isEmpty()) {
            // "environment variable OM_TOKEN is not set", without the problem's advice on defaults, of no use here.
            String message = unset.get(0).message();
            workflowTokenGap = setting + (message.contains(";") ? message.substring(0, message.indexOf(';')) : message);
            return null;
        }
        String value = root.path("workflowConfig").path("openMetadataServerConfig").path("securityConfig")
                .path("jwtToken").asText();
        if (value.isBlank()) {
            workflowTokenGap = setting + "empty";
            return null;
        }
        return value;
    }

    private Optional<List<String>> readServerSettings(Path workflow) {
        if (ConfigOption.refusedEmpty(workflow, main.err())) {
            return Optional.of(List.of());
        }
        String name = "-c " + workflow;
        if (!Files.isRegularFile(workflow)) {
            return Optional.of(List.of(name + ": " + (Files.exists(workflow) ? "not a file" : "no such file")
                    + "; give the workflow file the runs were started with"));
        }
        JsonNode server;
        try {
            // Not the parser's words: they may quote the file's text, secrets included.
            server = WorkflowYaml.readTree(Files.readString(workflow))
                    .path("workflowConfig").path("openMetadataServerConfig");
        } catch (IOException | RuntimeException e) {
            return Optional.of(List.of(name + ": cannot be read as YAML or JSON; give the workflow file the runs were"
                    + " started with (metaingest validate -c " + workflow + " tells what is wrong)"));
        }
        if (!server.isObject()) {
            return Optional.of(List.of(name + ": workflowConfig.openMetadataServerConfig: missing; -c gives the runs'"
                    + " server settings (hostPort, verifySSL, sslConfig): give the workflow file the runs were started with"));
        }
        // Only the TLS settings and the server: an unset variable of the token or the connection is not this command's.
        ObjectNode root = mapper.createObjectNode();
        ObjectNode kept = root.putObject("workflowConfig").putObject("openMetadataServerConfig");
        for (String field : List.of("hostPort", "verifySSL", "sslConfig")) {
            if (server.has(field)) {
                kept.set(field, server.get(field).deepCopy());
            }
        }
        List<String> problems = new java.util.ArrayList<>();
        new EnvSubstitution(main.environment()::get).apply(root)
                .forEach(problem -> problems.add(name + ": " + problem));
        if (!problems.isEmpty()) {
            return Optional.of(problems);
        }
        try {
            serverSettings = mapper.treeToValue(kept, OpenMetadataServerConfig.class);
        } catch (IOException | RuntimeException e) {
            return Optional.of(List.of(name + ": workflowConfig.openMetadataServerConfig: hostPort, verifySSL and the"
                    + " files of sslConfig must be text; metaingest validate -c " + workflow + " tells which is not"));
        }
        ServerTls.problems(serverSettings).forEach(problem -> problems.add(name + ": " + problem.path() + ": "
                + problem.message()));
        workflowToken = tokenOf(server);
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, {@code 1d}, combined ({@code 1h30m}), or an ISO-8601 duration. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern WHOLE = Pattern.compile("(\\d+\\s*[smhd]\\s*)+");
        private static final Pattern PART = Pattern.compile("(\\d+)\\s*([smhd])");

        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (WHOLE.matcher(text).matches()) {
                Duration total = Duration.ZERO;
                for (Matcher m = PART.matcher(text); m.find(); ) {
                    long amount = Long.parseLong(m.group(1));
                    total = total.plus(switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
                }
                return total;
            }
            try {
                return Duration.parse(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration; write e.g. 90s, 10m, 2h or 1h30m");
            }
        }
    }
}
