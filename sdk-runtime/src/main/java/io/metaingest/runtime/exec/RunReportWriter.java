package io.metaingest.runtime.exec;

import io.metaingest.runtime.files.RunProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.StepError;
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

    /** Writes to {@code path} when present; does nothing otherwise. */
    public RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker) {
        this(path, mapper, masker, OutputFiles::replace, Clock.systemUTC());
    }

    /** As the public constructor, writing through {@code replacer} (a seam for a disk that is full). */
    RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker, Replacer replacer, Clock clock) {
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
        sweepOnce(target);
        try {
            ObjectNode report = mapper.valueToTree(result);
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
            fields.forEach(report::put);
            if (!result.state().isFinal()) {
                // A heartbeat after a commit keeps saying the output was replaced: a kill before the final state
                // must not leave a report that reads as if nothing was written.
                withCommitted(report);
                lastRunning = report;
            }
            RunProcess.current().writeInto(report);
            write(target, report, result);
        } catch (IOException e) {
            LOG.warn("cannot write the run report {}: {}", target, StepError.oneLine(e));
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
        try {
            write(path.get(), report, null);
        } catch (IOException e) {
            LOG.warn("cannot write the run report {}: {}", path.get(), StepError.oneLine(e));
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
        try {
            write(path.get(), report, null);
        } catch (IOException e) {
            LOG.warn("cannot write the run report {}: {}", path.get(), StepError.oneLine(e));
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
     * Writes {@code report}; when that fails and the file holds another run's final state (a full disk after an
     * earlier run's success), removes that file, which frees its space and keeps its outcome from being read as
     * this run's, and tries once more.
     */
    private void write(Path target, ObjectNode report, RunResult result) throws IOException {
        String text = masker.mask(mapper.writeValueAsString(report));
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
                throw new IOException(StepError.oneLine(second) + "; the report it held before was removed, so that no"
                        + " earlier state is read as this run's outcome", second);
            }
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
