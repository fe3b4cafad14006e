package io.metaingest.runtime.exec;

import io.metaingest.runtime.files.RunProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.StepError;
import io.metaingest.api.UserFacingMessage;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.files.OutputFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the JSON run report, atomically (write to a temporary file, then move), so a reader never
 * sees half a report, and a heartbeat rewrite never leaves a broken file behind. The text passes
 * through the run's {@link SecretMasker}. The report names the process writing it ({@link RunProcess}),
 * so {@code metaingest status} can tell a live run from one whose process is gone.
 *
 * <p>A report that cannot be written (a full disk) must not leave a previous run's final state to be read
 * as this run's: the previous run's report is then removed, which frees its space, and the write tried
 * once more (so is this run's own queued or running state, for its final one); when that fails too, the
 * file is gone, which {@code metaingest status} tells as it is.
 *
 * <p>Each write looks at whose state the file holds and replaces it as one step for every writer of the report
 * ({@link ReportLock}), so two runs given one report always find each other.
 */
public final class RunReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RunReportWriter.class);

    /** The report field telling when an output was committed (renamed into place) while the run had no final state. */
    public static final String OUTPUT_COMMITTED_AT = "outputCommittedAt";

    /**
     * The report field naming an output whose commit (a rename over its destination) has begun: its destination, the
     * identity of the file it replaces, and its records. A run killed while it writes {@link #OUTPUT_COMMITTED_AT} leaves
     * it, so whoever reads the report can tell from the destination itself whether the commit happened
     * ({@link CommitRecord#resolved}).
     */
    public static final String OUTPUT_COMMITTING = "outputCommitting";

    /**
     * The report field naming the workflow file a run was started for (absolute), which the command's queued report
     * (and the launcher's mark) writes; a writer of this process's later states keeps it ({@link #write}).
     */
    public static final String WORKFLOW = "workflow";

    /** The system property naming the launcher that waits for this JVM (a recording run), whose mark is this run's. */
    public static final String LAUNCHER_PID = "metaingest.launcherPid";

    /** How closely a process's start is known ({@link ProcessHandle.Info#startInstant()} on Linux: to the second). */
    static final java.time.Duration START_KNOWN_TO = java.time.Duration.ofSeconds(1);

    /** After the report's path, the start of the warning about another run writing it ({@link #otherRun}). */
    private static final String ANOTHER_RUN = " is the status file of another run ";

    /** How the report's text reaches its file: {@link OutputFiles#replace}, or a test's disk that is full. */
    @FunctionalInterface
    interface Replacer {
        void replace(Path file, String text) throws IOException;
    }

    private final Optional<Path> path;
    private final ObjectMapper mapper;
    private final SecretMasker masker;
    private final Replacer replacer;
    private final Clock clock;
    /** Set once a final state was written: a heartbeat still under way must not turn it back to running. */
    private boolean ended;
    /** Whether the temporary files a killed writer of this report left were looked for (once, before the first write). */
    private boolean swept;
    /** The last state written that is not final, which a commit is recorded into. */
    private ObjectNode lastRunning;
    /** Outputs already committed (their destination replaced) while the run has no final state yet. */
    private final List<SinkOutput> committed = new ArrayList<>();
    private Instant committedAt;
    /** The output whose commit has begun and is not yet recorded as done ({@link #OUTPUT_COMMITTING}); null when none. */
    private ObjectNode committing;
    /** The {@link #WORKFLOW} this process's queued report named, kept in every state written after it; null when none. */
    private String workflow;
    /** Whether this writer wrote a state already: then a state of this process's other runs is another run's too. */
    private boolean wrote;
    /** Why the last write failed, once warned of: a heartbeat every few seconds would repeat it all run long. */
    private String cannotWrite;
    /** The {@code startedAt} of the last state this writer wrote. */
    private String lastStartedAt;
    /** Told of each other run found writing this report ({@link #otherRun}), once: a warning line. */
    private final java.util.function.Consumer<String> onOtherRun;
    /** The warning about another run (one per run), in every report written after it. */
    private final java.util.Set<String> otherRuns = new java.util.LinkedHashSet<>();

    /** Writes to {@code path} when present; does nothing otherwise. Another run found writing it is logged as a warning. */
    public RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker) {
        this(path, mapper, masker, warning -> LOG.warn(warning));
    }

    /**
     * As {@link #RunReportWriter(Optional, ObjectMapper, SecretMasker)}, telling {@code onOtherRun} of another run found
     * writing the report (the command's console, whose warnings are lines of their own); each such warning is in the
     * report's {@code warnings} too.
     */
    public RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker,
                           java.util.function.Consumer<String> onOtherRun) {
        this(path, mapper, masker, OutputFiles::replace, Clock.systemUTC(), onOtherRun);
    }

    /** As the public constructor, writing through {@code replacer} (a seam for a disk that is full). */
    RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker, Replacer replacer, Clock clock) {
        this(path, mapper, masker, replacer, clock, warning -> LOG.warn(warning));
    }

    /** As the seam above, telling {@code onOtherRun} of another run found writing the report (the runner's warning line). */
    RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker, Replacer replacer, Clock clock,
                    java.util.function.Consumer<String> onOtherRun) {
        this.onOtherRun = onOtherRun;
        this.path = path.map(OutputFiles::followLinks);
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.masker = masker;
        this.replacer = replacer;
        this.clock = clock;
    }

    /** The report file, if any. */
    public Optional<Path> path() {
        return path;
    }

    /**
     * Replaces the report with {@code result}; a failure is logged, never thrown. Once a final state
     * has been written, a report still running (the heartbeat's, racing a stop) is not written.
     */
    public synchronized void write(RunResult result) {
        write(result, List.of());
    }

    /**
     * As {@link #write(RunResult)}, for a workflow refused before it ran: {@code problems}, every problem line
     * (its {@code fatalError} names only the first), go in the report's {@code problems}, masked as the rest is.
     */
    public synchronized void write(RunResult result, List<String> problems) {
        write(result, problems, java.util.Map.of());
    }

    /**
     * As {@link #write(RunResult, List)}, with {@code fields} added to the report as text: what the caller knows of
     * a run that has not started (the workflow file of a queued one), which {@link RunResult} does not hold.
     */
    public synchronized void write(RunResult result, List<String> problems, java.util.Map<String, String> fields) {
        if (path.isEmpty() || ended && !result.state().isFinal()) {
            return;
        }
        ended |= result.state().isFinal();
        Path target = path.get();
        if (!swept) {
            workflow = queuedWorkflow(target);
        }
        sweepOnce(target);
        try (ReportLock lock = ReportLock.hold(target)) {
            ObjectNode report = mapper.valueToTree(result);
            withOtherRun(target, report);
            if (result.sourceType() == null || result.endedBy() == EndedBy.INVALID_CONFIGURATION) {
                // No workflow ran (queued, refused, or stopped before it): its success is not known, and 0 in its
                // place would read as a run that did nothing right; nor is its threshold, unless the refused file
                // told it (or left the default), and 0 would read as a threshold of 0 %.
                report.remove("success");
                if (result.endedBy() != EndedBy.INVALID_CONFIGURATION) {
                    report.remove("successThreshold");
                }
            }
            if (!problems.isEmpty()) {
                report.set("problems", mapper.valueToTree(problems));
            }
            if (workflow != null) {
                report.put(WORKFLOW, workflow);
            }
            fields.forEach(report::put);
            if (!result.state().isFinal()) {
                // A heartbeat after a commit keeps saying the output was replaced: a kill before the final state
                // must not leave a report that reads as if nothing was written.
                withCommitted(report);
                lastRunning = report;
            }
            RunProcess.current().writeInto(report);
            write(target, report, result);
            wrote = true;
            lastStartedAt = report.path("startedAt").asText("");
        } catch (IOException e) {
            cannotWrite(target, e);
        }
    }

    /**
     * The {@link #WORKFLOW} of the queued report this process wrote at {@code target} (the command's, or the launcher's
     * mark, whose pid an exec'd JVM keeps), which the run's reports replace; null when the file holds none of it.
     */
    private String queuedWorkflow(Path target) {
        try {
            JsonNode existing = mapper.readTree(target.toFile());
            boolean ours = existing.path("state").asText("").equals(RunState.QUEUED.value()) && RunProcess.of(existing)
                    .filter(p -> p.pid() == ProcessHandle.current().pid()).isPresent();
            return ours && existing.path(WORKFLOW).isTextual() ? existing.path(WORKFLOW).asText() : null;
        } catch (IOException | RuntimeException e) {
            return null; // no report yet, or not one
        }
    }

    /**
     * The warning about another run whose state {@code target} holds, told once per run: one of another process (not
     * this one, nor its launcher) still going on here, or one that ended after this process started (two runs started
     * at the same instant with one report: the one that fails fast may end before the other's first look, and its
     * failure, replaced by the other's success, would be read as success); once this writer has written, also one of
     * this process's other runs. Checked at every write, so a run whose report another took over says so. Empty when
     * the file holds this run's state, an earlier run's outcome, or nothing.
     */
    private Optional<String> otherRun(Path target) {
        JsonNode existing;
        try {
            existing = mapper.readTree(target.toFile());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone or unreadable: nothing of another run's to tell
        }
        if (existing == null || !existing.isObject() || !existing.has("state")) {
            return Optional.empty();
        }
        Optional<RunProcess> writer = RunProcess.of(existing);
        if (writer.isEmpty()) {
            return Optional.empty();
        }
        long pid = writer.get().pid();
        String state = existing.path("state").asText("");
        String started = existing.path("startedAt").asText("");
        boolean ourProcess = pid == ProcessHandle.current().pid()
                || String.valueOf(pid).equals(System.getProperty(LAUNCHER_PID));
        boolean ourRun = ourProcess && (!wrote || started.equals(lastStartedAt));
        if (ourRun) {
            return Optional.empty();
        }
        boolean finalState = java.util.Arrays.stream(RunState.values()).anyMatch(s -> s.isFinal() && s.value().equals(state));
        try {
            if (finalState && (ourProcess || endedAfterThisProcessStarted(existing))) {
                return Optional.of(target + ANOTHER_RUN + "that ended after this one started"
                        + " (process " + pid + ", " + state + "); the two runs overwrite each other's state: give each"
                        + " run its own --report");
            }
            if (!finalState && (ourProcess || writer.get().isAliveHere(Instant.parse(started)))) {
                return Optional.of(target + ANOTHER_RUN + "still going on (process " + pid
                        + " on this host); the two runs overwrite each other's state: give each run its own --report");
            }
        } catch (RuntimeException unreadableTime) {
            // Not a time the runtime writes: not a report of a run to tell of.
        }
        return Optional.empty();
    }

    /** Whether {@code report}'s last write came after this process (or its launcher) started. */
    private static boolean endedAfterThisProcessStarted(JsonNode report) {
        Instant ended = Instant.parse(report.path("updatedAt").asText());
        Optional<ProcessHandle> launcher = Optional.ofNullable(System.getProperty(LAUNCHER_PID)).flatMap(pid -> {
            try {
                return ProcessHandle.of(Long.parseLong(pid));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        // Linux gives a process's start to the second only (the boot time it is counted from is whole seconds): a
        // run that ended just before this one started, in a script's sequence, must not read as one that overlapped.
        return launcher.orElse(ProcessHandle.current()).info().startInstant()
                .or(() -> ProcessHandle.current().info().startInstant())
                .filter(start -> ended.isAfter(start.plus(START_KNOWN_TO))).isPresent();
    }

    /**
     * Looks for another run writing {@code target} and tells of it once per run (said already by this writer, or by
     * the command before the run: then in {@code report}'s warnings, its queued report's), and adds what was told to
     * {@code report}'s warnings. Before every write, the commit records' too: written over a report another run took,
     * they would hide that run from the final state's look.
     */
    private void withOtherRun(Path target, ObjectNode report) {
        java.util.Set<String> there = new java.util.HashSet<>();
        report.path("warnings").forEach(w -> there.add(w.asText()));
        boolean said = !otherRuns.isEmpty() || there.stream().anyMatch(w -> w.startsWith(target + ANOTHER_RUN));
        if (!said) {
            otherRun(target).ifPresent(warning -> {
                otherRuns.add(warning);
                onOtherRun.accept(warning);
            });
        }
        if (!otherRuns.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode warnings = report.get("warnings")
                    instanceof com.fasterxml.jackson.databind.node.ArrayNode array ? array : report.putArray("warnings");
            otherRuns.stream().filter(w -> !there.contains(w)).forEach(warnings::add);
        }
    }

    /**
     * Records at once that {@code output} was committed (its destination replaced), before the run's final state:
     * a run killed while it writes that state leaves a report saying the data was written, which
     * {@code metaingest status} tells, rather than a bare {@code running} that reads as nothing written. Does
     * nothing once a final state was written, or before any state was.
     */
    public synchronized void committed(SinkOutput output) {
        committing = null;
        if (path.isEmpty() || ended || lastRunning == null || !output.kept()) {
            return;
        }
        committed.add(output);
        committedAt = clock.instant();
        ObjectNode report = lastRunning.deepCopy();
        withCommitted(report);
        report.put("updatedAt", committedAt.toString());
        try (ReportLock lock = ReportLock.hold(path.get())) {
            withOtherRun(path.get(), report);
            write(path.get(), report, null);
        } catch (IOException e) {
            cannotWrite(path.get(), e);
        }
    }

    /**
     * Records, before {@code output}'s commit (the rename over its destination file), that it begins and which file it
     * replaces ({@link CommitRecord#identity}): {@link #committed} follows it within milliseconds, and a run killed while
     * writing that leaves this, from which the destination tells whether it was replaced. Does nothing when the
     * destination is not a file, once a final state was written, or before any state was.
     */
    public synchronized void committing(SinkOutput output) {
        if (path.isEmpty() || ended || lastRunning == null) {
            return;
        }
        Optional<ObjectNode> record = CommitRecord.of(output, clock.instant(), mapper);
        if (record.isEmpty()) {
            return;
        }
        committing = record.get();
        ObjectNode report = lastRunning.deepCopy();
        withCommitted(report);
        try (ReportLock lock = ReportLock.hold(path.get())) {
            withOtherRun(path.get(), report);
            write(path.get(), report, null);
        } catch (IOException e) {
            cannotWrite(path.get(), e);
        }
    }

    /** The commit {@link #committing} announced did not happen (the run failed, the rename was refused). */
    public synchronized void notCommitted() {
        committing = null;
    }

    private void withCommitted(ObjectNode report) {
        if (committing != null) {
            report.set(OUTPUT_COMMITTING, committing.deepCopy());
        }
        if (!committed.isEmpty()) {
            report.set("outputs", mapper.valueToTree(committed));
            report.put(OUTPUT_COMMITTED_AT, committedAt.toString());
        }
    }

    /**
     * Warns that the report could not be written, once for as long as the same reason lasts (later ones are logged at
     * DEBUG); a write that succeeds in between lets the next failure be warned of again.
     */
    private void cannotWrite(Path target, IOException e) {
        String why = StepError.oneLine(e);
        if (why.equals(cannotWrite)) {
            LOG.debug("cannot write the run report {}: {}", target, why);
            return;
        }
        cannotWrite = why;
        LOG.warn("cannot write the run report {}: {}", target, why);
    }

    private void write(Path target, ObjectNode report, RunResult result) throws IOException {
        write(target, report, result, masker.mask(mapper.writeValueAsString(report)));
        cannotWrite = null;
    }

    /**
     * Writes {@code report}; when that fails and the file holds another run's final state (a full disk after an
     * earlier run's success), removes that file, which frees its space and keeps its outcome from being read as
     * this run's, and tries once more.
     */
    private void write(Path target, ObjectNode report, RunResult result, String text) throws IOException {
        try {
            replacer.replace(target, text);
        } catch (IOException first) {
            if (!mayGo(target, report, result != null && result.state().isFinal())) {
                throw first;
            }
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw first;
            }
            try {
                replacer.replace(target, text);
                LOG.warn("the run report {} could be written only once the report it held before was removed ({})",
                        target, StepError.oneLine(first));
            } catch (IOException second) {
                throw new RemovedTheEarlierReport(second);
            }
        }
    }

    /**
     * A write that failed again once the report the file held before was removed. Its message already names the
     * failure ({@code IOException: No space left on device}), so it is the whole line: described as any other
     * exception, it would name the exception twice.
     */
    private static final class RemovedTheEarlierReport extends IOException implements UserFacingMessage {

        private static final long serialVersionUID = 1L;

        RemovedTheEarlierReport(IOException cause) {
            super(StepError.oneLine(cause) + "; the report it held before was removed, so that no earlier state is"
                    + " read as this run's outcome", cause);
        }
    }

    /**
     * Whether the file may be removed to make room for {@code report}: it holds another run's final state (its
     * outcome, which must not be read as this run's), or {@code report} is a final state and the file holds a state
     * that is not (this run's queued or running state, which the final one is worth more than). Never this run's
     * own final state.
     */
    private boolean mayGo(Path target, ObjectNode report, boolean finalState) {
        try {
            JsonNode existing = mapper.readTree(target.toFile());
            if (existing == null || !existing.isObject()) {
                return false;
            }
            if (!java.util.Set.of("success", "partialSuccess", "failed").contains(existing.path("state").asText(""))) {
                return finalState && existing.has("state");
            }
            return !(existing.path("pipelineRunId").asText("").equals(report.path("pipelineRunId").asText(""))
                    && existing.path("startedAt").asText("").equals(report.path("startedAt").asText("")));
        } catch (IOException | RuntimeException e) {
            return false; // unreadable or gone: nothing to mistake for this run's
        }
    }

    /**
     * Before the first write: removes the temporary files ({@code .NAME.PID.N.tmp}, and the launcher's
     * {@code NAME.PID.queued.tmp} of older releases) that writers of this report left when they were killed mid-write,
     * when no process holds their pid here. Only when the report names a process numbered where this one's pids are
     * (same host, boot and PID namespace; the killed run's own, or this run's launcher's mark written over a final
     * state), so the pids in those names mean the same here; never a live process's (a run still writing it).
     */
    private void sweepOnce(Path target) {
        if (swept) {
            return;
        }
        swept = true;
        Optional<RunProcess> previous;
        try {
            previous = RunProcess.of(mapper.readTree(target.toFile()));
        } catch (IOException | RuntimeException e) {
            return; // no report, or not one: no writer of it to have been killed
        }
        RunProcess me = RunProcess.current();
        if (previous.isEmpty() || me.host().isEmpty() || me.bootId().isEmpty() || me.pidNamespace().isEmpty()
                || !previous.get().host().equals(me.host()) || !previous.get().bootId().equals(me.bootId())
                || !previous.get().pidNamespace().equals(me.pidNamespace())) {
            return; // written elsewhere (another container, host or boot), or by an older release: a pid proves nothing
        }
        String name = target.getFileName().toString();
        Pattern leftover = Pattern.compile(Pattern.quote("." + name + ".") + "(\\d{1,18})\\.\\d+\\.tmp|"
                + Pattern.quote(name + ".") + "(\\d{1,18})\\.queued\\.tmp");
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent())) {
            for (Path sibling : siblings) {
                java.util.regex.Matcher m = leftover.matcher(sibling.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(sibling, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
                    Files.deleteIfExists(sibling);
                    LOG.debug("removed {}, left by process {}, which is gone", sibling, pid);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot look for leftovers of {}: {}", target, StepError.oneLine(e));
        }
    }
}
