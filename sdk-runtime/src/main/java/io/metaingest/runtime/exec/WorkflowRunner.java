package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import io.metaingest.api.BulkSink;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Sink;
import io.metaingest.api.Source;
import io.metaingest.api.Stage;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a loaded workflow: source → processor → sink, or source → processor → stage, then bulk sink.
 * Records stream one at a time, so memory does not grow with their number. Each step keeps a
 * {@link Status}; a failing record is recorded and the run goes on; an exception that escapes a
 * step's stream is fatal and ends the run as failed with a one-line reason.
 */
public final class WorkflowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);

    private final ObjectMapper mapper;
    private final Clock clock;
    private final PrintStream console;
    private final boolean showProgress;

    /**
     * Creates a runner.
     *
     * @param mapper the run's ObjectMapper
     * @param clock the run's clock
     * @param console where the console sink and the progress line write
     * @param showProgress whether to draw a live progress line (only on a terminal)
     */
    public WorkflowRunner(ObjectMapper mapper, Clock clock, PrintStream console, boolean showProgress) {
        this.mapper = mapper;
        this.clock = clock;
        this.console = console;
        this.showProgress = showProgress;
    }

    /** Runs the workflow; writes the JSON report to {@code reportFile} when given (with heartbeats). */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> reportFile) {
        Execution execution = new Execution(workflow, reportFile);
        return execution.run();
    }

    /** The state of one run. */
    private final class Execution {
        private final LoadedWorkflow workflow;
        private final Instant startedAt = clock.instant();
        private final Map<String, Status> statuses = new LinkedHashMap<>();
        private final SecretMasker masker;
        private final RunReportWriter reportWriter;
        private final Status sourceStatus = new Status();
        private Status processorStatus;
        private Status writerStatus;
        private Processor<Object, ?> processor;
        private Sink<Object> sink;
        private Stage<Object> stage;
        private volatile RunResult finalResult;

        Execution(LoadedWorkflow workflow, Optional<Path> reportFile) {
            this.workflow = workflow;
            this.masker = new SecretMasker(workflow.secrets());
            this.reportWriter = new RunReportWriter(reportFile, mapper);
            statuses.put(workflow.context().sourceType(), sourceStatus);
        }

        RunResult run() {
            Thread hook = new Thread(this::onShutdown, "metaingest-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            RunMonitor monitor = new RunMonitor(statuses, console, showProgress, reportWriter, () -> snapshot(RunState.RUNNING, null, false));
            String fatal = null;
            boolean connectionFailure = false;
            try (monitor) {
                reportWriter.write(snapshot(RunState.RUNNING, null, false));
                execute();
            } catch (ConnectionException e) {
                fatal = "connection failed: " + e.getMessage();
                connectionFailure = true;
            } catch (Exception | LinkageError e) {
                ConnectionException connection = findConnectionException(e);
                connectionFailure = connection != null;
                fatal = connection != null ? "connection failed: " + connection.getMessage() : StepError.oneLine(e);
                LOG.debug("fatal error", e);
            }
            RunResult result = finish(fatal, connectionFailure);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting; the hook will see the final result and do nothing.
            }
            return result;
        }

        private void execute() throws Exception {
            Injector injector = Injectors.forRun(workflow, mapper, clock, sourceStatus, console);
            Source<?> source = Injectors.create(injector, workflow.sourceClass());
            try (source) {
                createWriters(injector);
                try (Stream<? extends Result<?>> records = source.read()) {
                    records.forEach(this::onSourceResult);
                }
                finishWriters(injector);
            } finally {
                closeQuietly(processor);
                closeQuietly(sink);
                closeQuietly(stage);
            }
        }

        private void createWriters(Injector injector) throws Exception {
            if (workflow.processor().isPresent()) {
                processorStatus = register(workflow.processor().get());
                processor = create(injector, workflow.processor().get());
            }
            if (workflow.sink().isPresent()) {
                writerStatus = register(workflow.sink().get());
                sink = create(injector, workflow.sink().get());
            } else if (workflow.stage().isPresent()) {
                writerStatus = register(workflow.stage().get());
                stage = create(injector, workflow.stage().get());
            }
        }

        private <S extends AutoCloseable> S create(Injector injector, StepConfig<S> config)
                throws ConnectionException, Injectors.StepCreationException {
            return config.step().spec().adapt(Injectors.create(injector, config.step().spec().stepClass()));
        }

        private Status register(StepConfig<?> config) {
            Status status = new Status();
            String name = config.name();
            while (statuses.containsKey(name)) {
                name = name + "'";
            }
            statuses.put(name, status);
            return status;
        }

        private void onSourceResult(Result<?> result) {
            if (!sourceStatus.count(result) || !(result instanceof Result.Ok<?> ok)) {
                return;
            }
            sourceStatus.recordOk();
            Object record = ok.record();
            if (processor == null) {
                write(record);
                return;
            }
            try (Stream<? extends Result<?>> outputs = processor.process(record)) {
                outputs.forEach(output -> {
                    if (processorStatus.count(output) && output instanceof Result.Ok<?> processed) {
                        processorStatus.recordOk();
                        write(processed.record());
                    }
                });
            } catch (Exception e) {
                processorStatus.failed(StepError.of(key(record), e));
            }
        }

        private void write(Object record) {
            try {
                if (sink != null) {
                    if (sink.write(record) == Sink.WriteOutcome.UPDATED) {
                        writerStatus.recordUpdated();
                    } else {
                        writerStatus.recordOk();
                    }
                } else if (stage != null) {
                    stage.stage(record);
                    writerStatus.recordOk();
                }
            } catch (Exception e) {
                writerStatus.failed(StepError.of(key(record), e));
            }
        }

        private void finishWriters(Injector injector) throws Exception {
            if (sink != null) {
                try {
                    sink.flush();
                } catch (Exception e) {
                    writerStatus.failed(StepError.of("flush", e));
                }
            }
            if (stage != null) {
                stage.close();
                stage = null;
                StepConfig<BulkSink<?>> config = workflow.bulkSink().orElseThrow();
                Status bulkStatus = register(config);
                try (BulkSink<?> bulkSink = create(injector, config);
                     Stream<? extends Result<?>> loaded = bulkSink.load()) {
                    loaded.forEach(r -> {
                        if (bulkStatus.count(r)) {
                            bulkStatus.recordOk();
                        }
                    });
                }
            }
        }

        private RunResult finish(String fatal, boolean connectionFailure) {
            RunResult snapshot = snapshot(null, fatal, connectionFailure);
            RunState state = fatal != null ? RunState.FAILED
                    : SuccessRate.state(snapshot.success(), workflow.settings().successThreshold());
            RunResult result = snapshot(state, fatal, connectionFailure);
            finalResult = result;
            reportWriter.write(result);
            return result;
        }

        private void onShutdown() {
            if (finalResult == null) {
                RunResult result = snapshot(RunState.FAILED,
                        "interrupted: the process was stopped before the run finished", false);
                finalResult = result;
                reportWriter.write(result);
                console.println("metaingest: run interrupted; final state failed written"
                        + reportWriter.path().map(p -> " to " + p).orElse(""));
            }
        }

        private RunResult snapshot(RunState state, String fatal, boolean connectionFailure) {
            List<StepSummary> steps = new ArrayList<>();
            statuses.forEach((name, status) -> steps.add(masked(StepSummary.of(name, status))));
            double success = SuccessRate.of(steps);
            return new RunResult(workflow.context().pipelineRunId(), workflow.context().serviceName(),
                    workflow.context().sourceType(), state, success, workflow.settings().successThreshold(),
                    startedAt, clock.instant(), masker.mask(fatal), connectionFailure, steps, workflow.warnings());
        }

        private StepSummary masked(StepSummary summary) {
            List<StepError> failures = summary.failures().stream()
                    .map(f -> new StepError(masker.mask(f.name()), masker.mask(f.error()), masker.mask(f.stackTrace())))
                    .toList();
            return new StepSummary(summary.name(), summary.records(), summary.updatedRecords(), summary.warnings(),
                    summary.errors(), summary.filtered(), summary.success(), failures,
                    summary.warningDetails().stream().map(masker::mask).toList(),
                    summary.filteredDetails());
        }
    }

    private static String key(Object record) {
        return record instanceof EntityRequest entity ? entity.key() : String.valueOf(record);
    }

    private static ConnectionException findConnectionException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException c) {
                return c;
            }
        }
        return null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), StepError.oneLine(e));
        }
    }
}
