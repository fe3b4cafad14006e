package io.metaingest.cli;

import io.metaingest.demo.DemoDatabase;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.SinkOutput;
import io.metaingest.runtime.sink.WritableFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code metaingest demo}: starts an embedded PostgreSQL with a sample database, runs the metadata
 * and lineage workflows into NDJSON files (or, with {@code --publish URL}, into that OpenMetadata
 * server through the {@code metadata-rest} sink, the token read from
 * {@code $OPENMETADATA_JWT_TOKEN}), prints the summaries and stops the database. The Postgres
 * connector is found like any other, through discovery. The database's password is drawn per run
 * and reaches the workflows as {@code ${METAINGEST_DEMO_PASSWORD}}, never through their files.
 */
@Command(name = DemoCommand.NAME, mixinStandardHelpOptions = true,
        description = "Ingest a sample database on an embedded PostgreSQL into the folder metaingest-demo-out.")
final class DemoCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "demo";

    @ParentCommand
    Main main;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("metaingest-demo-out");

    @Option(names = "--publish", paramLabel = "URL",
            description = "publish into this OpenMetadata server instead of files, e.g. http://localhost:8585/api;"
                    + " the ingestion bot's JWT is read from $" + DemoDatabase.TOKEN_VARIABLE)
    String publish;

    @Override
    public Integer call() throws InvalidConfigException {
        Metaingest runtime = main.runtime();
        if (runtime.registry().find("Postgres").isEmpty()) {
            main.err().println("the Postgres connector is not installed: build with `mvn package` and run ./metaingest,"
                    + " or pass --plugins with the folder holding the connector plugins");
            return ExitCodes.INVALID_CONFIG;
        }
        // Checked before the database starts (seconds), as an ingest checks its outputs before it connects.
        Optional<String> unwritable = WritableFile.folderProblem(out);
        if (unwritable.isPresent()) {
            main.err().println("--out: " + unwritable.get() + (unwritable.get().contains("; ") ? "" : "; give a folder you can write"));
            return ExitCodes.INVALID_CONFIG;
        }
        DemoFolderClaim.Outcome claimed = DemoFolderClaim.claim(out);
        if (claimed.problem().isPresent()) {
            main.err().println("--out: " + claimed.problem().get());
            return ExitCodes.INVALID_CONFIG;
        }
        try (DemoFolderClaim claim = claimed.claim().orElseThrow()) {
            return claimedRun(runtime);
        }
    }

    /** The demo itself, in an output folder no other demo writes to. */
    private int claimedRun(Metaingest runtime) throws InvalidConfigException {
        Optional<String> publishProblem = publishProblem();
        if (publishProblem.isPresent()) {
            // Checked before the database starts too: without a server or its token no workflow could publish anything.
            String problem = publishProblem.get();
            main.err().println("--publish: " + problem + (isBlank(publish) ? "" : "; nothing was published to " + publish)
                    + " (nothing was run)");
            // An earlier demo's reports would still claim its success: each now says this one ran nothing.
            for (Path report : earlierReports()) {
                QueuedRun.refused(report, problem, main.err());
            }
            return ExitCodes.INVALID_CONFIG;
        }
        main.out().println("starting an embedded PostgreSQL with the sample database...");
        // From here a stop ends each workflow's report as failed: an earlier demo's outcome is never left to read as
        // this one's (a report says queued until its run starts).
        Map<String, QueuedRun> queued = new LinkedHashMap<>();
        for (String name : DemoDatabase.WORKFLOWS) {
            queued.put(name, QueuedRun.start(Optional.of(reportOf(name)), main.err()));
        }
        // The runs' messages name the generated files' server setting; the user gave --publish.
        PrintStream runOut = publishing(main.out());
        PrintStream runErr = publishing(main.err());
        int worst = ExitCodes.OK;
        Written written = new Written();
        DemoDatabase started;
        try {
            started = DemoDatabase.start();
        } catch (DemoDatabase.Stopped e) {
            // The process is ending (SIGTERM, Ctrl-C): each report's line says it ended failed; this one says why.
            main.err().println("metaingest: demo " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (DemoDatabase.NotStarted e) {
            // The user's fix is in the line (a folder mounted noexec, say); not an internal error.
            main.err().println("error: " + e.getMessage());
            if (main.debug()) {
                e.printStackTrace(main.err());
            }
            queued.values().forEach(run -> run.notRun("the demo's embedded PostgreSQL did not start: " + e.getMessage()));
            return ExitCodes.FAILED;
        }
        try (DemoDatabase database = started) {
            // The files name the password's variable; only these runs know its value.
            Metaingest demoRuntime = runtime.withVariables(Map.of(DemoDatabase.PASSWORD_VARIABLE, database.password()));
            List<Path> workflows = database.writeWorkflows(out, publish);
            for (Path workflow : workflows) {
                String name = workflow.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                if (!queued.get(name).end()) {
                    break; // stopped: this report, and any after it, says so already
                }
                main.out().println();
                main.out().println("== " + workflow.toAbsolutePath());
                Path report = reportOf(name);
                RunResult result;
                try {
                    result = demoRuntime.ingest(workflow, new Metaingest.IngestOptions(Optional.of(report),
                            runOut, runErr, Terminals.standardError(), main.debug()));
                } catch (InvalidConfigException e) {
                    // With --publish: the token's variable not set, say. The next workflow would say the same.
                    worst = Math.max(worst, Printer.configProblems(workflow, e, runErr));
                    queued.values().forEach(run -> run.notRun("the demo's " + name + " workflow was refused (its"
                            + " output says why)"));
                    break;
                } finally {
                    runOut.flush();
                    runErr.flush();
                }
                Printer.summary(result, runOut, main.debug());
                runOut.flush();
                worst = Math.max(worst, Printer.exitCode(result));
                Optional<String> missing = FinalReport.missing(report, result);
                if (missing.isPresent()) {
                    main.err().println(missing.get());
                    worst = Math.max(worst, ExitCodes.FAILED);
                }
                written.add(result.outputs().stream().anyMatch(SinkOutput::kept), missing.isEmpty());
            }
        } finally {
            // A workflow the demo ended before (an error it printed): its report must not stay queued, nor be told
            // as interrupted by the process's normal end. Nothing for a report a run or a stop has ended.
            queued.values().forEach(run -> run.notRun("the demo ended before this workflow ran (its output says why)"));
        }
        main.out().println();
        String where = written.where(publish != null, out.toAbsolutePath());
        if (worst == ExitCodes.OK) {
            main.out().println(publish == null ? where : "published to " + publish + "; " + where);
        } else {
            // Not "published to …" after runs that failed (an unreachable server, a missing token).
            main.out().println("the demo did not finish cleanly (exit " + worst + "; see above)"
                    + (publish == null ? "" : ": not everything was published to " + publish) + "; " + where);
        }
        return worst;
    }

    /** What the demo's runs left in {@code --out}, so its closing line claims no more than is there. */
    static final class Written {
        private int runs;
        private int records;
        private int reports;

        /** One run: whether its records were kept, whether its final report was written. */
        void add(boolean recordsKept, boolean reportWritten) {
            runs++;
            records += recordsKept ? 1 : 0;
            reports += reportWritten ? 1 : 0;
        }

        /**
         * Where the demo's files are, as far as the runs wrote them: with {@code --publish} the records went
         * to the server and the folder holds the workflows; a full disk may have kept nothing at all.
         */
        String where(boolean published, Path folder) {
            boolean allRecords = published || records == runs;
            if (allRecords && reports == runs) {
                return (published ? "workflows" : "records") + " and reports are in " + folder;
            }
            if (!published && records == 0 && reports == 0) {
                return "no records or final reports were written to " + folder;
            }
            return (published ? "the workflows" : "the records of " + records + " of " + runs + " runs")
                    + " and the final reports of " + reports + " of " + runs + " runs are in " + folder;
        }
    }

    /** What keeps {@code --publish} from publishing anything, found before the database starts; empty without it. */
    private Optional<String> publishProblem() {
        if (publish == null) {
            return Optional.empty();
        }
        if (publish.isBlank()) {
            return Optional.of("empty; give the OpenMetadata server's URL, e.g. http://localhost:8585/api");
        }
        if (isBlank(main.environment().get(DemoDatabase.TOKEN_VARIABLE))) {
            return Optional.of("environment variable " + DemoDatabase.TOKEN_VARIABLE + " is not set; export it with the"
                    + " ingestion bot's JWT");
        }
        return Optional.empty();
    }

    /** The generated workflows' server setting shown as the option that made it; {@code stream} itself without --publish. */
    private PrintStream publishing(PrintStream stream) {
        if (publish == null) {
            return stream;
        }
        return new PrintStream(new RenamingOutputStream(stream, Map.of(SERVER_SETTING, "--publish " + publish,
                TOKEN_SETTING, "environment variable " + DemoDatabase.TOKEN_VARIABLE)), false, StandardCharsets.UTF_8);
    }

    /** How the runs' messages name the server and its token: the generated file's settings. */
    static final String SERVER_SETTING = "workflowConfig.openMetadataServerConfig.hostPort";
    static final String TOKEN_SETTING = "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken";

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The report of the demo's workflow {@code name} ({@link DemoDatabase#WORKFLOWS}). */
    private Path reportOf(String name) {
        return out.resolve(name + "-report.json");
    }

    /** The reports an earlier demo left in {@code --out}: {@code NAME-report.json} beside each {@code NAME.yaml} it wrote. */
    private List<Path> earlierReports() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".yaml"))
                    .map(name -> out.resolve(name.substring(0, name.length() - ".yaml".length()) + "-report.json"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return List.of(); // unreadable folder: no report there to correct
        }
    }
}
