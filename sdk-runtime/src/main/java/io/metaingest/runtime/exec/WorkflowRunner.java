package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Binding;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.metaingest.api.BulkSink;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.WrongRecordType;
import io.metaingest.api.Result;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.SkippedRecordException;
import io.metaingest.api.Source;
import io.metaingest.api.Stage;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.StopSignal;
import io.metaingest.openmetadata.MetadataRestSinkConfig;
import io.metaingest.openmetadata.RunStatusPublisher;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.toolkit.NetworkFailures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a loaded workflow: source → processor → sink, or source → processor → stage, then bulk sink.
 * Records stream one at a time, so memory does not grow with their number. Each step keeps a
 * {@link Status}; a failing record is recorded and the run goes on; an exception that escapes a
 * step's stream, or a {@link SinkUnavailableException}, is fatal and ends the run as failed with a
 * one-line reason, and counts as one failure of the step it came from, so the success rate follows
 * OpenMetadata's formula instead of claiming 100 for a run that did nothing. A sink's records count
 * once the sink confirms them ({@link ConfirmedWrites});
 * when the run's state is known the sink keeps or discards its output ({@link Sink#complete}).
 */
public final class WorkflowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);
    /**
     * How long a run waits for each step's {@code close()} (source, processor, sink, stage, bulk sink)
     * before that step has failed and the run goes on to commit what reached its destination.
     */
    public static final java.time.Duration STEP_CLOSE_BOUND = StepCloseBound.DEFAULT;
    /** How long a stop waits for the source to release what it holds on the service. */
    private static final java.time.Duration RELEASE_WAIT = java.time.Duration.ofSeconds(5);
    /**
     * How long a stop waits for a write in progress to end before it takes the final state: a run's
     * thread that is reading (a slow query) is not writing, and the stop must still end promptly.
     */
    private static final java.time.Duration WRITE_WAIT = java.time.Duration.ofSeconds(1);
    /**
     * How long a stop waits for the server to take the final state: with {@link #WRITE_WAIT} it stays
     * within the 3 s the command is given for its last lines.
     */
    private static final java.time.Duration SERVER_WAIT = java.time.Duration.ofMillis(1500);
    /**
     * How long a stop waits for a sink's commit (a file synced and moved over its target) that has begun: it does not
     * heed the stop, and once it has ended the run's own state is the truth (its output was replaced). A stop's
     * other waits are for work it can cut short; this one is for work it cannot take back.
     */
    private static final java.time.Duration COMMIT_WAIT = java.time.Duration.ofSeconds(5);
    /** The reason of a run that was stopped. */
    private static final String INTERRUPTED = "interrupted: the process was stopped before the run finished";
    /** The reason of a run stopped while its commit, let go on, outlasted {@link #COMMIT_WAIT}. */
    private static final String INTERRUPTED_IN_COMMIT = "interrupted: the process was stopped while the run committed"
            + " its output, which was still going on " + COMMIT_WAIT.toSeconds() + " s later (it was let go on)";

    private final ObjectMapper mapper;
    private final Clock clock;
    private final PrintStream console;
    private final PrintStream messages;
    private final boolean terminal;
    private final ShutdownHooks hooks;
    /** How long each step's close may take before the run goes on without it. */
    private final StepCloseBound closeBound;
    /** How the run report reaches its file: {@link io.metaingest.runtime.files.OutputFiles#replace}, or a test's seam. */
    private final RunReportWriter.Replacer reportReplacer;
    /** The warning lines printed so far: a stop prints its own (the summary may never come), the command the rest. */
    private final Set<String> warned = new HashSet<>();

    /**
     * Creates a runner.
     *
     * @param mapper the run's ObjectMapper
     * @param clock the run's clock
     * @param console standard output: where the console sink writes records
     * @param messages standard error: the progress line and messages about the run
     * @param terminal whether the output is a terminal (live progress line, human-readable console sink)
     */
    public WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages,
                          boolean terminal) {
        this(mapper, clock, console, messages, terminal, ShutdownHooks.RUNTIME, StepCloseBound.DEFAULT);
    }

    /**
     * As {@link #WorkflowRunner(ObjectMapper, Clock, PrintStream, PrintStream, boolean)}, giving each step's
     * {@code close()} {@code stepCloseBound} instead of 60 s; past it the step has failed and the run goes on.
     */
    public WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages,
                          boolean terminal, java.time.Duration stepCloseBound) {
        this(mapper, clock, console, messages, terminal, ShutdownHooks.RUNTIME, stepCloseBound);
    }

    /** A runner whose stop is registered with {@code hooks} (tests start it themselves). */
    WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages, boolean terminal,
                   ShutdownHooks hooks) {
        this(mapper, clock, console, messages, terminal, hooks, StepCloseBound.DEFAULT);
    }

    private WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages, boolean terminal,
                           ShutdownHooks hooks, java.time.Duration stepCloseBound) {
        this(mapper, clock, console, messages, terminal, hooks, stepCloseBound, io.metaingest.runtime.files.OutputFiles::replace);
    }

    /** A runner whose report reaches its file through {@code reportReplacer} (tests hold or cut a write there). */
    WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages, boolean terminal,
                   ShutdownHooks hooks, RunReportWriter.Replacer reportReplacer) {
        this(mapper, clock, console, messages, terminal, hooks, StepCloseBound.DEFAULT, reportReplacer);
    }

    private WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, PrintStream messages, boolean terminal,
                           ShutdownHooks hooks, java.time.Duration stepCloseBound, RunReportWriter.Replacer reportReplacer) {
        this.reportReplacer = reportReplacer;
        this.closeBound = new StepCloseBound(stepCloseBound);
        this.mapper = mapper;
        this.clock = clock;
        this.console = console;
        this.messages = messages;
        this.terminal = terminal;
        this.hooks = hooks;
    }

    /** A runner writing records and messages to the same stream. */
    public WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, boolean terminal) {
        this(mapper, clock, console, console, terminal);
    }

    /**
     * Prints {@code warning: <text>} to the messages stream, unless this runner printed that text
     * already: a stop prints the server's refusal of the final state itself, and the command that
     * prints the run's warnings after it returns must not repeat it.
     */
    public void warn(String warning) {
        synchronized (warned) {
            if (warned.add(warning)) {
                messages.println("warning: " + warning);
            }
        }
    }

    /** Runs the workflow; writes the JSON report to {@code reportFile} when given (with heartbeats). */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> reportFile) {
        return run(workflow, reportFile, PlannedOutputs.NONE);
    }

    /**
     * As {@link #run(LoadedWorkflow, Optional)}; an output in {@code planned} whose step the run never
     * created is in the report as not kept.
     */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> reportFile, PlannedOutputs planned) {
        return run(workflow, reportFile, planned, false);
    }

    /**
     * As {@link #run(LoadedWorkflow, Optional, PlannedOutputs)}; with {@code failOnFailedTests}, a test suite's
     * run that succeeded while a test Failed or was Aborted ends by {@link EndedBy#TESTS_NOT_PASSED} (exit 4),
     * its state unchanged.
     */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> reportFile, PlannedOutputs planned,
                         boolean failOnFailedTests) {
        return run(workflow, reportFile, planned, failOnFailedTests, List.of());
    }

    /**
     * As {@link #run(LoadedWorkflow, Optional, PlannedOutputs, boolean)}, the report's {@code warnings} also
     * holding {@code discoveryWarnings} (the plugin problems discovery found, already printed by whoever
     * discovered), each masked with the workflow's secrets and listed once.
     */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> reportFile, PlannedOutputs planned,
                         boolean failOnFailedTests, List<String> discoveryWarnings) {
        Execution execution = new Execution(workflow, reportFile, planned, failOnFailedTests, discoveryWarnings);
        return execution.run();
    }

    /** The state of one run. */
    private final class Execution {
        private final LoadedWorkflow workflow;
        private final PlannedOutputs planned;
        /** With {@code --fail-on-failed-tests}: a test that did not pass is the run's end ({@link #endOf}). */
        private final boolean failOnFailedTests;
        /** Whether the bulk sink was created: until then the planned destination stands for it. */
        private volatile boolean bulkSinkCreated;
        private final Instant startedAt = clock.instant();
        private final Map<String, StepTally> statuses = new LinkedHashMap<>();
        private final SecretMasker masker;
        /** The report's warnings: the workflow's, then discovery's (masked), each once. */
        private final List<String> warnings;
        private final RunReportWriter reportWriter;
        private final Status sourceStatus = new Status();
        private final StepTally sourceTally = new StepTally(sourceStatus);
        private final RepeatedEntities repeatedEntities = new RepeatedEntities(sourceStatus);
        private final StepTally processorStatus;
        private final StepTally writerStatus;
        private final String writerName;
        private final StepTally bulkStatus;
        private final String bulkName;
        /** The bulk sink from its creation (with the other steps) until it has loaded and completed, or been discarded. */
        private volatile BulkSink<?> bulkSink;
        private Processor<Object, ?> processor;
        private volatile Sink<Object> sink;
        private volatile ConfirmedWrites confirmedWrites;
        /** Records the sink accepted but had not written when its output was discarded: discarded too. */
        private volatile long neverReached;
        /**
         * The record on its way to the sink when a stop came (1 or 0): counted by the steps before the sink, never
         * given to it, so discarded too; otherwise a stopped run's rows were one record short of the source's.
         */
        private volatile long stoppedBeforeTheSink;
        /** A test-suite run's tests by status, once its injector is made; null for other runs. */
        private volatile io.metaingest.api.quality.TestResults testResults;
        private Stage<Object> stage;
        private RunResult finalResult;
        private volatile ServerRunStatus serverStatus;
        /** The source while it reads, so a stop can release what it holds on the service (running queries). */
        private volatile Source<?> reading;
        /** The steps as the run's thread uses them per record: plain fields, set before the first record. */
        private Processor<Object, ?> processing;
        private Sink<Object> writing;
        private ConfirmedWrites writes;
        private Stage<Object> staging;
        /** Made once, not per record. */
        private final Consumer<Result<?>> onRead = this::onSourceResult;
        /** What the bulk sink loaded, and where, once it has; or where it would have, when the run ended before it did. */
        private volatile SinkOutput bulkOutput;
        /** The processor's class, for the message when it returns no stream. */
        private String processorClass;
        /** Made once, not per record. */
        private final Consumer<Result<?>> onProcessed = this::onProcessorResult;
        /** The processor's results so far, and the records it returned none for (run's thread only). */
        private long processorResults;
        private long noResults;
        private final List<String> noResultNames = new ArrayList<>();
        /**
         * The step whose code runs now, on the run's thread: an error escaping the run is its failure.
         * While records stream this is the source; a step that throws {@link SinkUnavailableException}
         * through it claims the error on the way out.
         */
        private StepTally atWork = sourceTally;
        /** The record whose write threw SinkUnavailableException, named by the failure that ends the run. */
        private volatile String unwritten;
        /**
         * Set by a stop; read by the run's thread before each write. Volatile: never hoisted out of the
         * loop; on x86 its read is a plain load, and under the launcher's quick JIT it is cheaper than a
         * VarHandle's opaque read (benchmarks/RESULTS.md, section 1).
         */
        private volatile boolean stopping;
        /**
         * The run's thread waits on a start-up call to a server (the ingestion pipeline's look-up, or the sink's
         * creation, under this object's lock): a stop interrupts it, so that a server that does not answer cannot
         * hold the stop (and the lock, and the command's summary) for the call's timeout.
         */
        private volatile boolean callingAtStart;
        /**
         * The first out-of-memory error another of the run's threads died of (through the command line's
         * handler); null while none. A process then stopped (the handler ends one that has not ended soon
         * after) ends its run as failed for it, not as interrupted.
         */
        private final AtomicReference<OutOfMemoryError> outOfMemoryElsewhere = new AtomicReference<>();
        /** Whether the run's thread is in the phase where it writes: only then may a write be in progress. */
        private volatile boolean writingPhase;
        /** Counted down when the run's thread has left the writing phase or seen the stop: no write is in progress. */
        private final CountDownLatch writersIdle = new CountDownLatch(1);
        /**
         * Whether the run's thread has begun ending the sink ({@link Sink#complete}), which may write too
         * (metadata-rest's deletions): a stop then waits for it as for a write, never completes the sink itself.
         */
        private volatile boolean completingPhase;
        /** Counted down when the run's thread has ended the sink, or seen the stop before it began. */
        private final CountDownLatch completionIdle = new CountDownLatch(1);
        /** The stop as steps see it ({@link StopSignal}): the same flag the writes check. */
        private final StopSignal stopSignal = () -> {
            boolean stopped = stopping;
            if (stopped) {
                stopHeeded = true; // a step that asked is cutting its work short
            }
            return stopped;
        };
        /**
         * Whether a step saw the stop through {@link #stopSignal} (and so left work undone). A sink
         * that completed without asking (a file moved into place) finished its work: the run's own
         * state is then the truth, not "interrupted".
         */
        private volatile boolean stopHeeded;
        /** The thread that runs the steps: a stop looks at what it is doing when it does not reach a record in time. */
        private volatile Thread runThread;
        /**
         * Whether the run's thread is in the source's stream, and whether a stop interrupted it there;
         * both under {@code readLock}, so no interrupt can reach the thread once it has left the stream.
         */
        private final Object readLock = new Object();
        private boolean inSourceStream;
        private boolean interruptedByStop;
        /** A write the stop could not wait for (its record counted as unknown): it may be cut off too. */
        private volatile boolean writeLeftBehind;
        /**
         * Whether the error ending the run is already counted: a suite none of whose services could be used ends on
         * what each of its tests' failures already says, and one more would make a step's errors exceed its tests.
         */
        private boolean fatalCounted;

        Execution(LoadedWorkflow workflow, Optional<Path> reportFile, PlannedOutputs planned, boolean failOnFailedTests,
                  List<String> discoveryWarnings) {
            this.workflow = workflow;
            this.failOnFailedTests = failOnFailedTests;
            this.planned = planned;
            this.masker = workflow.masker();
            Set<String> all = new LinkedHashSet<>(workflow.warnings());
            discoveryWarnings.stream().map(masker::mask).forEach(all::add);
            this.warnings = List.copyOf(all);
            // Another run found writing the report mid-run (it took the report over from the command's queued run) is a
            // warning line like the run's others, not a log line.
            this.reportWriter = new RunReportWriter(reportFile, mapper, masker, reportReplacer, Clock.systemUTC(),
                    WorkflowRunner.this::warn);
            statuses.put(workflow.context().sourceType(), sourceTally);
            // Every declared step is in the report from the start, with zero counts until it runs:
            // OpenMetadata 1.6's success is the mean over all of them, a step the run never reached included.
            this.processorStatus = workflow.processor().map(this::register).orElse(null);
            this.writerStatus = workflow.sink().<StepConfig<?>>map(c -> c).or(() -> workflow.stage())
                    .map(this::register).orElse(null);
            this.writerName = writerStatus == null ? null : nameOf(writerStatus);
            this.bulkStatus = workflow.bulkSink().map(this::register).orElse(null);
            this.bulkName = bulkStatus == null ? null : nameOf(bulkStatus);
        }

        RunResult run() {
            runThread = Thread.currentThread();
            Thread hook = new Thread(this::onShutdown, "metaingest-shutdown");
            try {
                hooks.add(hook);
            } catch (IllegalStateException stopping) {
                // Stopped (SIGTERM) before the run began: end it as a stop does, having read nothing.
                onShutdown();
                return finalResult;
            }
            RunMonitor monitor = new RunMonitor(statuses, messages, RunMonitor.showsProgress(terminal, workflow), reportWriter,
                    () -> snapshot(RunState.RUNNING, null, null, List.of()));
            String fatal = null;
            Throwable cause = null;
            EndedBy endedBy = null;
            try (monitor; AutoCloseable watch = OutOfMemory.watch(e -> outOfMemoryElsewhere.compareAndSet(null, e))) {
                reportWriter.write(snapshot(RunState.RUNNING, null, null, List.of()));
                // The server's refusal (a token it does not take) is the step that writes to that server, when one
                // does, not the source, which has not started.
                if (workflow.sink().map(StepConfig::config).filter(MetadataRestSinkConfig.class::isInstance).isPresent()) {
                    atWork = writerStatus;
                }
                // Reachable from the shutdown hook before "running" is sent: a stop right after it still ends the run there.
                callingAtStart = true;
                try {
                    serverStatus = ServerRunStatus.open(workflow, mapper, clock, startedAt,
                            () -> snapshot(RunState.RUNNING, null, null, List.of())).orElse(null);
                    if (serverStatus != null) {
                        serverStatus.begin();
                    }
                } finally {
                    callingAtStart = false;
                }
                execute();
            } catch (RunStopped e) {
                return stoppedResult(hook);
            } catch (CloseDidNotReturn e) {
                fatal = e.getMessage(); // names the step and what its author must change; no trace helps more
                cause = e;
                endedBy = EndedBy.ERROR;
                LOG.debug("a step's close did not return", e);
            } catch (ConnectionException e) {
                fatal = "connection failed: " + workflow.connectionOrigin().located(e.getMessage());
                cause = e;
                endedBy = EndedBy.CONNECTION_FAILURE;
                LOG.debug("connection failed", e); // the stack trace --debug promises
            } catch (SinkUnavailableException e) {
                fatal = reason(e);
                cause = e;
                // A destination that refuses our credentials (OpenMetadata's 401) is a connection failure.
                endedBy = findConnectionException(e) != null ? EndedBy.CONNECTION_FAILURE : EndedBy.SINK_UNAVAILABLE;
                LOG.debug("sink unavailable", e);
            } catch (OutOfMemoryError e) {
                fatal = OutOfMemory.reason(e); // its stack trace says nothing a user can act on; --debug has it
                cause = e;
                endedBy = EndedBy.OUT_OF_MEMORY;
                LOG.debug("out of memory", e);
            } catch (Exception | LinkageError e) {
                ConnectionException connection = findConnectionException(e);
                Optional<OutOfMemoryError> outOfMemory = OutOfMemory.in(e); // a worker thread's, handed over
                // A source that let the JDK's failure to connect through unwrapped: its host setting is what to check.
                Optional<String> unreachable = atWork == sourceTally && connection == null && outOfMemory.isEmpty()
                        ? NetworkFailures.unreachable(e) : Optional.empty();
                endedBy = outOfMemory.isPresent() ? EndedBy.OUT_OF_MEMORY
                        : connection != null || unreachable.isPresent() ? EndedBy.CONNECTION_FAILURE : EndedBy.ERROR;
                fatal = outOfMemory.isPresent() ? OutOfMemory.reason(outOfMemory.get()) : connection != null
                        ? "connection failed: " + workflow.connectionOrigin().located(connection.getMessage())
                        : unreachable.isPresent() ? "connection failed: " + workflow.context().sourceType()
                        + " could not connect (" + unreachable.get() + "); check the host and port under "
                        + workflow.connectionOrigin().located(ConnectionPath.PREFIX + ".").replaceAll("\\.$", "")
                        : Injectors.describe(e);
                cause = e;
                LOG.debug("fatal error", e);
            }
            if (cause == null && outOfMemoryElsewhere.get() != null) {
                // Another thread of the run died of it: records it held are lost, so the run cannot succeed.
                cause = outOfMemoryElsewhere.get();
                fatal = OutOfMemory.reason(outOfMemoryElsewhere.get());
                endedBy = EndedBy.OUT_OF_MEMORY;
            }
            if (cause != null && stopping && endedBy != EndedBy.OUT_OF_MEMORY) {
                // Ended by the stop's interrupt (a sink's start-up call): the stop's state is the run's, not this error.
                Thread.interrupted();
                LOG.debug("ended by the stop", cause);
                return stoppedResult(hook);
            }
            if (cause != null && !fatalCounted) {
                countFatal(atWork, fatal, cause);
            }
            RunResult result = finish(fatal, endedBy);
            unregister(hook);
            return result;
        }

        private void unregister(Thread hook) {
            try {
                hooks.remove(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook will see the final result and do nothing.
            }
        }

        /**
         * The run's thread saw the stop and wrote nothing more: the stop takes the final state, which
         * the command then prints. Waited for with a bound, in case the stop itself failed.
         */
        private synchronized RunResult stoppedResult(Thread hook) {
            awaitFinalResult(WRITE_WAIT.plus(RELEASE_WAIT));
            RunResult result = finalResult != null ? finalResult : finish(stopReason(), stopEndedBy());
            unregister(hook);
            return result;
        }

        /**
         * What a run the process's end stopped failed of: another of its threads' out-of-memory error, or the one
         * the process is ended for (it came before the run); else the stop.
         */
        private String stopReason() {
            return outOfMemoryStopped().map(OutOfMemory::reason).orElse(INTERRUPTED);
        }

        /** How a run the process's end stopped ended: see {@link #stopReason}. */
        private EndedBy stopEndedBy() {
            return outOfMemoryStopped().isPresent() ? EndedBy.OUT_OF_MEMORY : EndedBy.SIGNAL;
        }

        private Optional<OutOfMemoryError> outOfMemoryStopped() {
            return Optional.ofNullable(outOfMemoryElsewhere.get()).or(OutOfMemory::endingTheProcess);
        }

        /** The stop was seen: no write is in progress, nor will one start. */
        private RunStopped stopped() {
            writersIdle.countDown();
            return new RunStopped();
        }

        private void execute() throws Exception {
            atWork = sourceTally; // creating the source: its failure is the source's
            Injector injector = Injectors.forRun(workflow, mapper, clock, sourceStatus, new ConsoleOutput(console, terminal),
                    stopSignal);
            if (workflow.context().kind() == io.metaingest.api.WorkflowKind.TESTSUITE) {
                testResults = injector.getInstance(io.metaingest.api.quality.TestResults.class);
            }
            Binding<SuiteExecutors> suite = injector.getExistingBinding(Key.get(SuiteExecutors.class));
            LOG.debug("{}: source config {}", workflow.context().sourceType(), workflow.sourceConfig());
            Source<?> source = Injectors.create(injector, workflow.sourceClass());
            reading = source;
            // Bounded: a close that never returns must not keep the sink from committing, nor the run from ending.
            try (AutoCloseable closing = () -> closeStep("source", sourceTally, source, closeBound)) {
                createWriters(injector);
                processing = processor;
                writing = sink;
                writes = confirmedWrites;
                staging = stage;
                long started = System.nanoTime();
                LOG.debug("{}: reading", workflow.context().sourceType());
                atWork = sourceTally;
                writingPhase = true;
                try {
                    // After the volatile writingPhase: a stop either sees the phase and waits for this
                    // thread, or is seen here.
                    if (stopping) {
                        throw stopped();
                    }
                    try (Stream<? extends Result<?>> records = notNull(source.read(), workflow.sourceClass().getName(), "read()")) {
                        // Not forEach: its terminal op calls every forEach's action from one shared call site,
                        // which the JIT sees as megamorphic and cannot inline the per-record path into.
                        synchronized (readLock) {
                            inSourceStream = true;
                        }
                        try {
                            records.spliterator().forEachRemaining(onRead);
                        } finally {
                            leaveTheSourceStream();
                        }
                    }
                    LOG.debug("{}: finished in {} ms: {} records, {} filtered, {} warnings, {} failed",
                            workflow.context().sourceType(), millisSince(started), sourceTally.records(),
                            sourceStatus.filtered(), sourceStatus.warnings(), sourceStatus.failures());
                    repeatedEntities.finish(nameOf(sourceTally));
                    if (suite != null) {
                        // Only now, each test counted and named as not run: a suite none of whose services
                        // could be used ends as a connection failure (exit 3), the test runner's.
                        atWork = processorStatus;
                        try {
                            suite.getProvider().get().requireAServiceUsable();
                        } catch (ConnectionException e) {
                            fatalCounted = true;
                            throw e;
                        }
                    }
                    warnNoResults();
                    finishWriters();
                } finally {
                    writersIdle.countDown();
                }
                atWork = sourceTally; // closing it
            } finally {
                closeStepQuietly("processor", processorStatus, processor, closeBound);
                closeStepQuietly("stage", writerStatus, stage, closeBound);
                discardBulkSink();
            }
        }

        /**
         * A bulk sink the run ended before (a failed read, a stop): it completes without keeping
         * anything, so a file destination keeps its previous content, and the report lists that output
         * as not kept, as it does the sink's.
         */
        private void discardBulkSink() {
            BulkSink<?> unloaded = bulkSink;
            if (unloaded == null) {
                return;
            }
            SinkOutput left = leftBy(unloaded);
            if (left != null) {
                bulkOutput = left;
            }
            bulkSink = null; // after the output: see bulkOutputs()
            try {
                unloaded.complete(false);
            } catch (Exception e) {
                LOG.debug("discarding the bulk sink's output", e);
            }
            closeStepQuietly("bulk sink", bulkStatus, unloaded, closeBound);
        }

        /** What the bulk sink left (or, not having loaded, would have written to): for a stop's final state. */
        private List<SinkOutput> bulkOutputs() {
            BulkSink<?> unloaded = bulkSink; // read first: the run's thread sets the output before it clears this
            SinkOutput done = bulkOutput;
            if (done != null) {
                return List.of(done);
            }
            if (!bulkSinkCreated) {
                return neverCreated(bulkName, planned.bulkSink());
            }
            SinkOutput left = unloaded == null ? null : leftBy(unloaded);
            return left == null ? List.of() : List.of(left);
        }

        /** A declared output whose step the run ended before creating: its destination was left as it was. */
        private static List<SinkOutput> neverCreated(String step, Optional<String> destination) {
            return step == null ? List.of() : destination.map(d -> List.of(SinkOutput.of(step, d, 0, false))).orElse(List.of());
        }

        /**
         * What a bulk sink that did not complete left at its destination: nothing kept, unless its writes
         * are final (a server's), when what it loaded stays there and is counted as written.
         */
        private SinkOutput leftBy(BulkSink<?> unloaded) {
            String destination = unloaded.destination();
            if (destination == null) {
                return null;
            }
            return unloaded.writesAreFinal()
                    ? SinkOutput.of(bulkName, destination, bulkStatus.records() + bulkStatus.updatedRecords(), true)
                    : SinkOutput.of(bulkName, destination, 0, false);
        }

        private void createWriters(Injector injector) throws Exception {
            if (workflow.processor().isPresent()) {
                atWork = processorStatus;
                processorClass = workflow.processor().get().step().spec().stepClass().getName();
                processor = create(injector, workflow.processor().get(), processorStatus);
            }
            if (workflow.sink().isPresent()) {
                StepConfig<Sink<Object>> config = workflow.sink().get();
                atWork = writerStatus;
                // Under the lock the shutdown hook takes: a sink that opened its output is always seen and
                // completed by a stop, and no sink is opened once the run has been stopped.
                synchronized (this) {
                    if (finalResult != null) {
                        throw new IllegalStateException("stopped before the sink was opened");
                    }
                    Sink<Object> created;
                    callingAtStart = true;
                    try {
                        created = create(injector, config, writerStatus);
                    } finally {
                        callingAtStart = false;
                    }
                    confirmedWrites = new ConfirmedWrites(created, writerStatus);
                    sink = created;
                    LOG.debug("sink {}: writing to {}", writerName, created.destination());
                }
            } else if (workflow.stage().isPresent()) {
                atWork = writerStatus;
                stage = create(injector, workflow.stage().get(), writerStatus);
                // Created with the other steps, as OpenMetadata does, so a run that fails before the load
                // still knows, and reports, the destination it leaves as it was.
                atWork = bulkStatus;
                bulkSink = create(injector, workflow.bulkSink().orElseThrow(), bulkStatus);
                bulkSinkCreated = true;
            }
        }

        /**
         * Creates a step through the run's injector, with its config record bound and {@code tally}'s
         * status as the one it gets as {@link io.metaingest.api.OwnStatus}.
         */
        private <S extends AutoCloseable> S create(Injector injector, StepConfig<S> config, StepTally tally)
                throws ConnectionException, Injectors.StepCreationException {
            injector.getInstance(StepBeingCreated.class).is(tally.status());
            return config.step().spec().adapt(Injectors.create(injector, config.step().spec().stepClass()));
        }

        private StepTally register(StepConfig<?> config) {
            StepTally status = new StepTally(new Status());
            String name = config.name();
            synchronized (statuses) {
                while (statuses.containsKey(name)) {
                    name = name + "'";
                }
                statuses.put(name, status);
            }
            return status;
        }

        // The per-record path: small methods the JIT inlines into the source's loop, the rare cases
        // (filtered, warnings, failures) in methods of their own, and only fields the run's thread
        // writes (the volatile ones are for the shutdown hook).

        private void onSourceResult(Result<?> result) {
            if (!(result instanceof Result.Ok<?> ok)) {
                onSourceOther(result);
                return;
            }
            sourceTally.recordOk();
            Object record = ok.record();
            repeatedEntities.saw(record);
            if (processing == null) {
                write(record);
            } else {
                process(record);
            }
        }

        /** A step's stream, or a message naming the step and the fix when it returned none. */
        private static <S> S notNull(S stream, String stepClass, String method) {
            if (stream == null) {
                throw new IllegalStateException(stepClass + "." + method + " returned null; return a"
                        + " Stream (Stream.empty() when there is nothing)");
            }
            return stream;
        }

        private void onSourceOther(Result<?> result) {
            if (result instanceof Result.Filtered<?> filtered) {
                LOG.debug("{}: filtered {}: {}", workflow.context().sourceType(), filtered.name(), filtered.reason());
            }
            sourceStatus.count(result);
        }

        private void process(Object record) {
            try (Stream<? extends Result<?>> outputs = notNull(processing.process(record), processorClass, "process(record)")) {
                long before = processorResults;
                outputs.forEach(onProcessed);
                if (processorResults == before) {
                    noResultFor(record);
                }
            } catch (RunStopped e) {
                throw e;
            } catch (SinkUnavailableException e) {
                if (atWork == sourceTally) {
                    atWork = processorStatus; // the processor's own, not one the writer threw through it
                }
                throw e;
            } catch (ConnectionException e) {
                // A processor that cannot use its service at all fails the run as a source would (exit 3).
                atWork = processorStatus;
                throw new UncheckedConnectionFailure(e);
            } catch (WrongRecordType e) {
                processorStatus.status().failed(StepError.of(key(record), refused(e, "processor", true)));
            } catch (Exception e) {
                processorStatus.status().failed(StepError.of(key(record), e));
            }
        }

        /** A record the processor returned an empty stream for: counted here, told once at the end ({@link #warnNoResults}). */
        private void noResultFor(Object record) {
            noResults++;
            if (record instanceof EntityRequest entity && noResultNames.size() < NAMES_SHOWN) {
                noResultNames.add(entity.key()); // only an entity's name: another record's toString may be anything
            }
        }

        /**
         * One warning on the processor for the records it returned no result for: they were neither
         * written nor counted as filtered, so the counts alone never show them. A warning, not a failure:
         * OpenMetadata 1.6's success rate stays as the steps' own results make it.
         */
        private void warnNoResults() {
            if (noResults == 0) {
                return;
            }
            String name = nameOf(processorStatus);
            String which = noResultNames.isEmpty() ? "" : " (" + String.join(", ", noResultNames)
                    + (noResults > noResultNames.size() ? ", …" : "") + ")";
            processorStatus.status().warning(name, "processor '" + name + "' returned no result for " + noResults
                    + " record" + (noResults == 1 ? "" : "s") + which + ", so " + (noResults == 1 ? "it was" : "they were")
                    + " neither written nor counted as filtered; return Result.filtered(name, reason) to drop a record ("
                    + Result.NAME_RULE + "), or Result.ok(record) to pass it on");
        }

        private void onProcessorResult(Result<?> output) {
            processorResults++;
            if (output instanceof Result.Ok<?> processed) {
                processorStatus.recordOk();
                write(processed.record());
            } else {
                processorStatus.status().count(output);
            }
        }

        private void write(Object record) {
            if (stopping) {
                if (writing != null || staging != null) {
                    stoppedBeforeTheSink = 1;
                }
                throw stopped(); // once the final state is taken, no write may add to the destination
            }
            try {
                if (writing != null) {
                    writes.accepted(writing.write(record));
                } else if (staging != null) {
                    staging.stage(record);
                    writerStatus.recordOk();
                }
            } catch (SinkUnavailableException e) {
                atWork = writerStatus;
                unwritten = key(record);
                throw e;
            } catch (SkippedRecordException e) {
                writerStatus.status().warning(key(record), e.getMessage());
            } catch (WrongRecordType e) {
                writerStatus.status().failed(StepError.of(key(record), refused(e,
                        workflow.sink().isPresent() ? "sink" : "stage", processing == null)));
            } catch (Exception e) {
                writerStatus.status().failed(StepError.of(key(record), e));
            }
        }

        /**
         * A record refused for its type, told as the emitting step's mistake with the fix aimed at it. It
         * stays a failure of the step that refused it, as OpenMetadata 1.6 counts an error where the step
         * that raised it ran: the emitter produced the record (its count holds it), so moving the failure
         * there would count one record twice in that step and change the success rate.
         */
        private RecordTypeRefused refused(WrongRecordType e, String refuserRole, boolean bySource) {
            String emitter = bySource ? "source '" + workflow.context().sourceType() + "'"
                    : "processor '" + workflow.processor().map(StepConfig::name).orElse("?") + "'";
            return new RecordTypeRefused(refuserRole + " '" + e.step() + "' accepts " + e.accepted() + " records, not "
                    + e.emitted() + ", which " + emitter + " emitted; make " + emitter + " emit " + e.accepted()
                    + " records" + (bySource ? " (or add a processor that turns " + e.emitted() + " into " + e.accepted()
                    + ")" : " (its declared output type)"));
        }

        private void finishWriters() throws Exception {
            if (stopping) {
                throw stopped(); // a flush or a bulk load writes too
            }
            if (sink != null) {
                atWork = writerStatus;
                long started = System.nanoTime();
                try {
                    sink.flush();
                } catch (SinkUnavailableException e) {
                    throw e;
                } catch (Exception e) {
                    writerStatus.status().failed(StepError.of("flush", e));
                }
                confirmedWrites.settle();
                LOG.debug("sink {}: flushed in {} ms, {} records confirmed", writerName, millisSince(started),
                        writerStatus.records() + writerStatus.updatedRecords());
            }
            if (stage != null) {
                atWork = writerStatus;
                Stage<Object> staged = stage;
                stage = null; // closed once: a close that failed (a full disk) is not retried, nor warned of twice
                // What it staged may be incomplete when its close does not return: the bulk sink must not load it.
                Optional<StepCloseBound.Stuck> stuck = closeBound.close("stage", writerName, staged);
                if (stuck.isPresent()) {
                    throw new CloseDidNotReturn(stuck.get().message());
                }
                atWork = bulkStatus;
                long started = System.nanoTime();
                BulkSink<?> loading = bulkSink;
                try (Stream<? extends Result<?>> loaded = loading.load()) {
                    loaded.forEach(r -> {
                        // Counted first: a bulk sink that publishes as its stream is taken has written this one.
                        if (bulkStatus.status().count(r)) {
                            bulkStatus.recordOk();
                        }
                        if (stopping) {
                            throw stopped();
                        }
                    });
                    if (stopping) {
                        throw stopped(); // the bulk sink is then discarded, with what it wrote aside
                    }
                    // The bulk sink is the run's last step and there is no sink beside it, so the counts are
                    // final: a run that ends below its threshold must leave a file destination as it was.
                    boolean keep;
                    synchronized (this) {
                        keep = SuccessRate.state(snapshot(null, null, null, List.of()).success(),
                                workflow.settings().successThreshold()) != RunState.FAILED;
                    }
                    // As the file sink's commit: announced before the rename, recorded at once after it, so a kill
                    // before the final state leaves a report saying the output was (or may have been) replaced.
                    long loadedRecords = bulkStatus.records() + bulkStatus.updatedRecords();
                    boolean recordsCommit = keep && !loading.writesAreFinal() && loading.destination() != null;
                    if (recordsCommit) {
                        reportWriter.committing(SinkOutput.of(bulkName, loading.destination(), loadedRecords, true));
                    }
                    boolean kept;
                    try {
                        kept = loading.complete(keep);
                        if (kept && recordsCommit) {
                            reportWriter.committed(SinkOutput.of(bulkName, loading.destination(), loadedRecords, true));
                        }
                    } finally {
                        reportWriter.notCommitted(); // recorded as committed by now, or not committed at all
                    }
                    if (loading.destination() != null) {
                        bulkOutput = SinkOutput.of(bulkName, loading.destination(),
                                bulkStatus.records() + bulkStatus.updatedRecords(), kept);
                    }
                    bulkSink = null; // completed, and its output known before: nothing left to discard
                    closeStep("bulk sink", bulkStatus, loading, closeBound);
                }
                LOG.debug("bulk sink {}: {} loaded in {} ms", bulkName, bulkStatus.records(),
                        millisSince(started));
            }
        }

        /**
         * Decides the state, lets the sink keep or discard its output, writes the final report. Not
         * under the lock while the sink completes: a stop meanwhile must be able to stop the sink's
         * own writes (deletions) and take the final state, not wait for all of them.
         */
        private RunResult finish(String fatal, EndedBy fatalEnd) {
            RunState state;
            synchronized (this) {
                if (finalResult != null) {
                    return finalResult; // stopped by SIGTERM while ending
                }
                state = fatal != null ? RunState.FAILED
                        : SuccessRate.state(snapshot(null, null, null, List.of()).success(),
                        workflow.settings().successThreshold());
            }
            boolean keep = state != RunState.FAILED;
            List<SinkOutput> outputs = new ArrayList<>(bulkOutputs());
            completingPhase = true;
            try {
                // Volatile, after the volatile completingPhase: a stop either sees the phase and waits for
                // this thread, or is seen here and this thread completes nothing.
                if (stopping) {
                    return awaitStop();
                }
                outputs.addAll(completeSink(keep, closeBound));
            } catch (SinkUnavailableException e) {
                fatal = reason(e);
                state = RunState.FAILED;
                // A refused token while completing (OpenMetadata's 401) is a connection failure as it is mid-run.
                fatalEnd = fatalEnd == EndedBy.CONNECTION_FAILURE || findConnectionException(e) != null
                        ? EndedBy.CONNECTION_FAILURE : EndedBy.SINK_UNAVAILABLE;
                countFatal(writerStatus, fatal, e);
                // An API's writes stay whatever the completion did: they are kept, not discarded.
                outputs.add(SinkOutput.of(writerName, sink.destination(), writerStatus.records() + writerStatus.updatedRecords(),
                        sink.writesAreFinal()));
            } finally {
                completionIdle.countDown();
            }
            RunResult result;
            synchronized (this) {
                if (finalResult != null) {
                    return finalResult; // the stop took the final state while the sink completed
                }
                if (stopHeeded) {
                    return awaitStop(); // the sink stopped part way: the stop's "interrupted" is the truth
                }
                if (state != RunState.FAILED) {
                    // What the sink could not do while completing (a deletion refused) lowers the state, never raises it.
                    RunState after = SuccessRate.state(snapshot(null, null, null, List.of()).success(),
                            workflow.settings().successThreshold());
                    state = after.ordinal() > state.ordinal() ? after : state;
                }
                result = snapshot(state, fatal, fatal != null ? fatalEnd : endOf(state), outputs);
                finalResult = result;
                reportWriter.write(result);
                if (result.exitCode() != null && result.endedBy() != EndedBy.SIGNAL) {
                    // The run's own end, its output committed: a stop from now on ends the process with this code.
                    hooks.ranToItsEnd(result.exitCode());
                }
                notifyAll(); // a stop that came while the sink completed waits for this state
            }
            RunResult sent = result;
            return reportToServer(sent).flatMap(refused -> refusedByServer(sent, refused)).orElse(sent);
        }

        /**
         * The run's thread saw the stop while ending: the stop takes the final state, which this thread
         * returns for the command to print. Waited for with a bound; past it this thread takes it.
         */
        private synchronized RunResult awaitStop() {
            awaitFinalResult(WRITE_WAIT.plus(RELEASE_WAIT));
            if (finalResult == null) {
                finalResult = snapshot(RunState.FAILED, stopReason(), stopEndedBy(),
                        Stream.concat(keptOutput().stream(), bulkOutputs().stream()).toList());
                reportWriter.write(finalResult);
            }
            return finalResult;
        }

        /** What a sink that began completing left: an API's writes and deletions cannot be taken back. */
        private List<SinkOutput> keptOutput() {
            Sink<Object> current = sink;
            return current == null ? List.of() : List.of(SinkOutput.of(writerName, current.destination(),
                    writerStatus.records() + writerStatus.updatedRecords(), true));
        }

        /** Ends the sink's output; returns what it left, or, when the run had no sink yet, where it would have written. */
        private List<SinkOutput> completeSink(boolean keep, StepCloseBound bound) {
            Sink<Object> current = sink;
            if (current == null) {
                return neverCreated(writerName, planned.sink());
            }
            try {
                if (keep && !current.writesAreFinal()) {
                    // Before the rename: a kill while the commit below is recorded leaves this, and the destination
                    // then tells whether it was replaced.
                    reportWriter.committing(SinkOutput.of(writerName, current.destination(), confirmedWrites.accepted(), true));
                }
                boolean kept = current.complete(keep);
                confirmedWrites.settle();
                long unconfirmed = confirmedWrites.unconfirmed();
                if (unconfirmed > 0 && !kept) {
                    // Accepted, still in the sink's buffer when the run failed: not kept either, so discarded with the
                    // rest; otherwise they would be read by the source's count and by no step after it.
                    neverReached = unconfirmed;
                } else if (unconfirmed > 0) {
                    writerStatus.status().warning(writerName, unconfirmed + (unconfirmed == 1 ? " record" : " records")
                            + " the sink accepted never reached " + current.destination() + ": the run ended before "
                            + (unconfirmed == 1 ? "it was" : "they were") + " written");
                }
                if (kept && !current.writesAreFinal()) {
                    // At once, before the final state: a run killed while it writes that state leaves a report saying
                    // its output was replaced, not a bare "running" that reads as nothing written.
                    reportWriter.committed(SinkOutput.of(writerName, current.destination(),
                            writerStatus.records() + writerStatus.updatedRecords(), true));
                }
                return List.of(SinkOutput.of(writerName, current.destination(),
                        writerStatus.records() + writerStatus.updatedRecords() + (kept ? 0 : neverReached + stoppedBeforeTheSink),
                        kept));
            } catch (SinkUnavailableException e) {
                throw e;
            } catch (Exception e) {
                throw new SinkUnavailableException("cannot finish " + current.destination() + ": " + StepError.oneLine(e), e);
            } finally {
                reportWriter.notCommitted(); // recorded as committed by now, or not committed at all
                closeStepQuietly("sink", writerStatus, current, bound);
            }
        }

        /**
         * Counts the error that ends the run as one failure of the step it came from (its message as
         * the run reports it, its stack trace as every failure carries one), unless that step or
         * another already recorded this very error. Not after a stop: the final state is written.
         */
        private synchronized void countFatal(StepTally step, String message, Throwable cause) {
            if (finalResult != null || FatalFailure.alreadyRecorded(step, statuses(), message, cause)) {
                return;
            }
            // The record whose write found the destination gone is the one not written: named, users can tell
            // which it was; the step's name said only where.
            String name = step == writerStatus && unwritten != null ? unwritten : nameOf(step);
            step.status().failed(FatalFailure.of(name, message, cause));
        }

        private List<StepTally> statuses() {
            synchronized (statuses) {
                return List.copyOf(statuses.values());
            }
        }

        /**
         * Closes a step within {@code bound}; one that does not return is a failure of that step, named in
         * the report and warned of, and the run goes on. What the close threw is thrown.
         */
        private void closeStep(String kind, StepTally tally, AutoCloseable step, StepCloseBound bound) throws Exception {
            if (step == null || tally == null) {
                if (step != null) {
                    step.close();
                }
                return;
            }
            String name = nameOf(tally);
            Optional<StepCloseBound.Stuck> stuck = bound.close(kind, name, step);
            if (stuck.isPresent()) {
                tally.status().failed(new StepError(name, stuck.get().message(), stuck.get().stackTrace()));
                warn(stuck.get().message());
            }
        }

        /** As {@link #closeStep}, logging what the close threw under the step's name. */
        private void closeStepQuietly(String kind, StepTally tally, AutoCloseable step, StepCloseBound bound) {
            try {
                closeStep(kind, tally, step, bound);
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", tally == null ? kind : nameOf(tally), StepError.oneLine(e));
            }
        }

        private String nameOf(StepTally step) {
            synchronized (statuses) {
                return statuses.entrySet().stream().filter(e -> e.getValue() == step).map(Map.Entry::getKey)
                        .findFirst().orElse(workflow.context().sourceType());
            }
        }

        /**
         * A stop: no write starts from now on; a write in progress is let finish (for a bounded time)
         * so the final state counts exactly what reached the destination; then the final state is
         * written, the source released, and the run's thread returns it for the command to print.
         */
        /**
         * When the run's thread is still in a write the stop could not wait for, that record may reach
         * the destination after the final state is taken, uncounted: the report says so rather than
         * claim a count it cannot know. Its stack tells a write from a read (a slow query), at no cost
         * per record.
         */
        private Optional<String> warnOfAWriteInFlight() {
            Thread thread = runThread;
            StepTally writer = writerStatus;
            Sink<Object> current = sink;
            if (thread == null || writer == null || current == null) {
                return Optional.empty();
            }
            if (!inAWrite(thread)) {
                return Optional.empty();
            }
            String warning = "a write was still in progress " + WRITE_WAIT.toSeconds()
                    + " s after the stop; that record may reach " + current.destination() + " without being counted";
            writer.status().warning("stop", warning);
            return Optional.of(warning);
        }

        private void onShutdown() {
            Thread creating = runThread;
            if (callingAtStart && creating != null) {
                stopping = true; // before the interrupt: the run's thread, woken, must see it
                creating.interrupt(); // its call ends (and a sink's creation the lock it holds); the run sees the stop
            }
            synchronized (this) {
                if (finalResult != null) {
                    return;
                }
            }
            stopping = true;
            boolean completing = completingPhase; // read once, after the flag: see finish()
            Optional<String> writeInFlight = Optional.empty();
            if (writingPhase) {
                try {
                    if (!writersIdle.await(WRITE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.debug("stop: the run's thread did not reach a record within {} ms (reading, or one slow write)",
                                WRITE_WAIT.toMillis());
                        writeInFlight = warnOfAWriteInFlight();
                        writeLeftBehind = writeInFlight.isPresent();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean commitOutlasted = false;
            if (completing) {
                // The sink is completing on the run's thread (deleting, say): it stops before its next
                // change; the one in flight is let finish, for a bounded time, so it is counted. A staged
                // output's commit (a file synced and moved into place) cannot be cut short: it is waited for.
                Sink<Object> completed = sink;
                boolean commit = completed != null && !completed.writesAreFinal();
                java.time.Duration wait = commit ? COMMIT_WAIT : WRITE_WAIT;
                if (commit) {
                    hooks.awaitingCommit();
                }
                try {
                    if (!completionIdle.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        LOG.debug("stop: the sink did not end its change in progress within {} ms", wait.toMillis());
                        commitOutlasted = commit;
                    } else if (!stopHeeded && awaitFinalResult(WRITE_WAIT)) {
                        return; // the sink finished without stopping part way (a file moved into place): the run's state stands
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<SinkOutput> outputs;
            RunResult result;
            synchronized (this) {
                if (finalResult != null) {
                    return; // the run ended meanwhile, with its own state
                }
                if (completing) {
                    outputs = keptOutput(); // never complete a sink twice, nor while it completes
                } else {
                    try {
                        // The stop's bound, not a step's: the process must end within the seconds a stop is given.
                        outputs = completeSink(false, new StepCloseBound(RELEASE_WAIT));
                    } catch (RuntimeException e) {
                        outputs = List.of();
                    }
                }
                outputs = Stream.concat(outputs.stream(), bulkOutputs().stream()).toList();
                String reason = commitOutlasted && outOfMemoryStopped().isEmpty() ? INTERRUPTED_IN_COMMIT : stopReason();
                result = snapshot(RunState.FAILED, reason, stopEndedBy(), outputs);
                finalResult = result;
                reportWriter.write(result);
                // Before the run's thread is woken: these lines come before the command's summary, not inside it.
                // Out of memory has had its one line (from the handler that ended the process), as a run ending on it does.
                if (outOfMemoryStopped().isEmpty()) {
                    messages.println("metaingest: run interrupted; final state failed"
                            + reportWriter.path().map(p -> " written to " + p).orElse("")
                            + outputs.stream().filter(o -> !o.kept()).map(o -> "; " + o.leftAsItWas())
                                    .findFirst().orElse(""));
                }
                // The summary may never come: the run's thread is held by that write.
                writeInFlight.ifPresent(warning -> warn(masker.mask(warning)));
                messages.flush();
                notifyAll(); // the run's thread returns it and the command prints its summary
            }
            // After the local truth, and bounded: a server that hangs must not hold the stop (and the
            // summary) for its timeouts; the process ends within the few seconds a stop is given.
            reportToServerWithin(result, SERVER_WAIT).ifPresent(warning -> {
                warn(warning);
                messages.flush();
            });
            releaseSource();
        }

        /**
         * A final state the server refused: a warning in the report, for whoever reads it instead of the
         * server (the log already said so). Returns the final result with the warning, unless another
         * final state was taken since.
         */
        private synchronized Optional<RunResult> refusedByServer(RunResult sent, String refused) {
            if (finalResult != sent) {
                return Optional.empty();
            }
            finalResult = sent.withWarning(masker.mask(refused));
            reportWriter.write(finalResult);
            return Optional.of(finalResult);
        }

        /** Waits, on this lock, at most {@code wait} for the final state to be taken; whether it was. */
        private synchronized boolean awaitFinalResult(java.time.Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                for (long left = wait.toNanos(); finalResult == null && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return finalResult != null;
        }

        /**
         * Sends the final state to the server on its own thread, waiting at most {@code wait} for it;
         * returns the warning the report got when the server refused it in that time or did not answer within it.
         */
        private Optional<String> reportToServerWithin(RunResult result, java.time.Duration wait) {
            if (serverStatus == null) {
                return Optional.empty();
            }
            AtomicReference<String> warning = new AtomicReference<>();
            Thread sender = new Thread(() -> reportToServer(result).flatMap(refused -> refusedByServer(result, refused))
                    .ifPresent(noted -> warning.set(noted.warnings().get(noted.warnings().size() - 1))),
                    "metaingest-final-status");
            sender.setDaemon(true);
            sender.start();
            try {
                sender.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sender.isAlive()) {
                // In the report, and printed once by the stop as a refusal is (not also as a log line): metaingest
                // status --mark-failed finds the run by it and sends the state again.
                LOG.debug("the server did not take the final state within {} ms", wait.toMillis());
                refusedByServer(result, RunStatusPublisher.finalStateNotTaken(result.ingestionPipelineFQN(),
                        result.state().value(), " within " + wait.toMillis() + " ms"))
                        .ifPresent(noted -> warning.compareAndSet(null, noted.warnings().get(noted.warnings().size() - 1)));
            }
            return Optional.ofNullable(warning.get());
        }

        /**
         * Closes the source from the stop, after the truth is written: without it a database keeps
         * running the interrupted query after the process is gone. Whatever the reading thread then
         * meets cannot change the final result, which is already set.
         */
        private void releaseSource() {
            Source<?> source = reading;
            if (source == null) {
                return;
            }
            // On its own thread and waited for a bounded time: a driver's close may block on a busy
            // connection, and a stop must still end the process promptly.
            Thread closer = new Thread(() -> {
                try {
                    source.close();
                } catch (Exception e) {
                    LOG.debug("closing the source after a stop", e);
                }
            }, "metaingest-release-source");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(RELEASE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            interruptTheRead();
        }

        /**
         * Closing does not end every read: an HTTP source's call in flight to a server that does not
         * answer (or a parallel read waiting for one) holds the run's thread for the client's whole
         * timeout, and the command's summary never comes before the process ends. The final state is
         * already taken, so the read may be cut off: the run's thread is interrupted while it is in the
         * source's stream, never in a write whose outcome must stay known; one the stop already gave up
         * on (a server retrying or not answering: the report says its record may arrive uncounted) is cut
         * off as well, or the summary would wait for its retries and timeouts and never be printed.
         */
        private void interruptTheRead() {
            Thread thread = runThread;
            synchronized (readLock) {
                if (thread == null || !inSourceStream || (inAWrite(thread) && !writeLeftBehind)) {
                    return;
                }
                interruptedByStop = true;
                thread.interrupt();
            }
        }

        private boolean inAWrite(Thread thread) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(Execution.class.getName()) && frame.getMethodName().equals("write")) {
                    return true;
                }
            }
            return false;
        }

        /**
         * From here no stop interrupts the run's thread, and the interrupt one sent into the read is
         * cleared: closing the source (a vendor session's logout, say) and the command's own I/O must
         * run as usual.
         */
        private void leaveTheSourceStream() {
            synchronized (readLock) {
                inSourceStream = false;
                if (interruptedByStop) {
                    Thread.interrupted();
                    interruptedByStop = false;
                }
            }
        }

        /** Sends the final state to the server, if the run reports to one; says why it did not arrive. */
        private Optional<String> reportToServer(RunResult result) {
            ServerRunStatus status = serverStatus;
            return status == null ? Optional.empty() : status.finish(result);
        }

        /**
         * Why a run that no error ended ended: below the threshold, or completed; with
         * {@code --fail-on-failed-tests}, a completed test suite whose tests did not all pass.
         */
        private EndedBy endOf(RunState state) {
            if (state == RunState.FAILED) {
                return EndedBy.BELOW_THRESHOLD;
            }
            return failOnFailedTests && testResults != null && snapshot(null, null, null, List.of()).testsNotPassed() > 0
                    ? EndedBy.TESTS_NOT_PASSED : EndedBy.COMPLETED;
        }

        private RunResult snapshot(RunState state, String fatal, EndedBy endedBy, List<SinkOutput> outputs) {
            ConfirmedWrites writes = confirmedWrites;
            if (writes != null) {
                writes.settle();
            }
            List<Map.Entry<String, StepTally>> entries;
            synchronized (statuses) {
                entries = new ArrayList<>(statuses.entrySet());
            }
            // Read from the last step back to the source while the run's thread may still be counting
            // (heartbeat, stop): a step is then never seen ahead of the steps that feed it.
            StepSummary[] summaries = new StepSummary[entries.size()];
            for (int i = entries.size() - 1; i >= 0; i--) {
                summaries[i] = masked(entries.get(i).getValue().summary(entries.get(i).getKey()));
            }
            List<StepSummary> steps = List.of(summaries);
            double success = SuccessRate.of(steps);
            steps = discarding(steps, outputs, writerName, neverReached + stoppedBeforeTheSink);
            return new RunResult(workflow.context().pipelineRunId(), workflow.context().serviceName(),
                    workflow.context().sourceType(), state, success, workflow.settings().successThreshold(),
                    startedAt, clock.instant(), masker.mask(fatal), endedBy == EndedBy.CONNECTION_FAILURE, steps, warnings,
                    List.copyOf(outputs), workflow.ingestionPipelineFqn().orElse(null),
                    workflow.ingestionPipelineFqn().isEmpty() || workflow.settings().openMetadataServerConfig() == null
                            ? null : workflow.settings().openMetadataServerConfig().hostPort(),
                    testResults == null ? null : testResults.byStatus(), endedBy,
                    endedBy == EndedBy.SIGNAL ? StopSignals.received().orElse(null) : null);
        }

        /**
         * A sink whose output was not kept (the run failed) wrote nothing that stays: its row says what it
         * discarded instead of claiming it written. After the success rate, which is over what the run did.
         */
        private static List<StepSummary> discarding(List<StepSummary> steps, List<SinkOutput> outputs, String sinkName,
                                                    long sinkNeverReached) {
            List<String> notKept = outputs.stream().filter(o -> !o.kept()).map(SinkOutput::step).toList();
            return notKept.isEmpty() ? steps : steps.stream().map(s -> !notKept.contains(s.name()) ? s
                    : s.discardingWritten(s.name().equals(sinkName) ? sinkNeverReached : 0)).toList();
        }

        private StepSummary masked(StepSummary summary) {
            List<StepError> failures = summary.failures().stream()
                    .map(f -> new StepError(masker.mask(f.name()), masker.mask(f.error()), masker.mask(f.stackTrace())))
                    .toList();
            return new StepSummary(summary.name(), summary.records(), summary.updatedRecords(), summary.warnings(),
                    summary.errors(), summary.filtered(), summary.success(), failures,
                    summary.warningDetails().stream().map(masker::mask).toList(),
                    summary.filteredDetails(), summary.discarded());
        }
    }

    /** Unwinds the run's thread from a record once it has seen a stop; carries no stack trace. */
    private static final class RunStopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunStopped() {
            super("stopped", null, false, false);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** How many records' names a warning about many records shows. */
    private static final int NAMES_SHOWN = 3;

    private static String key(Object record) {
        return record instanceof EntityRequest entity ? entity.key() : String.valueOf(record);
    }

    /** The run's one-line reason; a sink that gave no message still fails the run, named by its exception. */
    private static String reason(SinkUnavailableException e) {
        return e.getMessage() != null ? e.getMessage() : StepError.oneLine(e);
    }

    private static ConnectionException findConnectionException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException c) {
                return c;
            }
        }
        return null;
    }

    /** A step's close that did not return where the run cannot go on without it (a stage's staged data). */
    private static final class CloseDidNotReturn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CloseDidNotReturn(String message) {
            super(message);
        }
    }

    /** Carries a processor's {@link ConnectionException} out of the per-record path to the run's end. */
    private static final class UncheckedConnectionFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedConnectionFailure(ConnectionException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
