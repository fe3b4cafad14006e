package io.metaingest.runtime.config;

import io.metaingest.api.BulkSink;
import io.metaingest.api.Processor;
import io.metaingest.api.Sink;
import io.metaingest.api.Source;
import io.metaingest.api.Stage;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.registry.RegisteredSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A validated workflow, bound to typed records and ready to run.
 *
 * @param spec the connector
 * @param sourceConfigType the {@code sourceConfig.config.type}, which selects the workflow kind
 * @param sourceClass the connector's source for that kind
 * @param connection the bound connection record (the spec's {@code connectionType()})
 * @param connectionOrigin where the connection came from (the file or the OpenMetadata server), which
 *                         {@link ConnectionOrigin#located} puts into the hints of its failures
 * @param sourceConfig the bound source-config record
 * @param settings {@code workflowConfig}
 * @param context service name, source type, kind and run id
 * @param processor the processor, if any
 * @param sink the sink (empty for a stage + bulk sink workflow)
 * @param stage the stage, if any
 * @param bulkSink the bulk sink, if any
 * @param warnings things worth telling the user that do not stop the run (deprecated names)
 * @param secrets the secret values found in the file
 * @param masker hides the secret values found in the file wherever text leaves the process
 * @param ingestionPipelineFqn {@code ingestionPipelineFQN}: the ingestion pipeline the run reports its state to
 * @param runIdGiven whether {@code context}'s run id was given (by the file, or in container mode by the
 *                   environment) rather than generated for a run that starts
 * @param unchecked the config paths whose value an unset {@code ${VAR}} left incomplete, which are not checked
 *                  ({@link WorkflowLoader#allowingMissingVariables()}); empty for a workflow loaded to run
 */
public record LoadedWorkflow(RegisteredSpec spec, SourceConfigType sourceConfigType,
                             Class<? extends Source<?>> sourceClass, Object connection,
                             ConnectionOrigin connectionOrigin,
                             Record sourceConfig, WorkflowSettings settings, WorkflowContext context,
                             Optional<StepConfig<Processor<Object, ?>>> processor, Optional<StepConfig<Sink<Object>>> sink,
                             Optional<StepConfig<Stage<Object>>> stage, Optional<StepConfig<BulkSink<?>>> bulkSink,
                             List<String> warnings, Set<String> secrets, SecretMasker masker,
                             Optional<String> ingestionPipelineFqn, boolean runIdGiven,
                             Set<String> unchecked) {

    /** Copies {@code unchecked}. */
    public LoadedWorkflow {
        unchecked = Set.copyOf(unchecked);
    }

    /** The configured steps after the source, in the order they run. */
    public List<StepConfig<?>> steps() {
        return Stream.of(processor, stage, bulkSink, sink).flatMap(Optional::stream).<StepConfig<?>>map(s -> s).toList();
    }

    /**
     * What this workflow says about its run, for the report of a run refused after it loaded: its service, its
     * threshold, and its run id only when given, as a run id is generated only for a run that starts.
     */
    public KnownRun known() {
        return new KnownRun(context.serviceName(), runIdGiven ? context.pipelineRunId() : null,
                settings.successThreshold(), context.sourceType());
    }
}
