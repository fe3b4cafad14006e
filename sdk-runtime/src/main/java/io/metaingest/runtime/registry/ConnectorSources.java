package io.metaingest.runtime.registry;

import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.SourceConfigType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A connector's sources, read from the steps its spec declares (the one place they are stated). */
public final class ConnectorSources {

    private ConnectorSources() {
    }

    /** The spec's sources by workflow kind, in the kinds' order; the first declaration of a kind wins. */
    public static Map<WorkflowKind, StepSpec.SourceSpec<?>> of(ServiceSpec spec) {
        Map<WorkflowKind, StepSpec.SourceSpec<?>> sources = new EnumMap<>(WorkflowKind.class);
        List<StepSpec<?>> steps = spec.steps();
        for (StepSpec<?> step : steps == null ? List.<StepSpec<?>>of() : steps) {
            if (step instanceof StepSpec.SourceSpec<?> source) {
                sources.putIfAbsent(source.kind(), source);
            }
        }
        return Collections.unmodifiableMap(sources);
    }

    /** The source of one kind, if the connector offers it. */
    public static Optional<StepSpec.SourceSpec<?>> of(ServiceSpec spec, WorkflowKind kind) {
        return Optional.ofNullable(of(spec).get(kind));
    }

    /** What is wrong with the spec's sources, if anything: a missing metadata source, a kind declared twice, a misfit. */
    static Optional<String> problem(ServiceSpec spec) {
        Map<WorkflowKind, StepSpec.SourceSpec<?>> seen = new EnumMap<>(WorkflowKind.class);
        for (StepSpec<?> step : spec.steps() == null ? List.<StepSpec<?>>of() : spec.steps()) {
            if (step instanceof StepSpec.SourceSpec<?> source) {
                StepSpec.SourceSpec<?> earlier = seen.putIfAbsent(source.kind(), source);
                if (earlier != null) {
                    return Optional.of("steps() declares two " + source.kind().id() + " sources ("
                            + earlier.type() + " " + earlier.stepClass().getName() + " and " + source.type() + " "
                            + source.stepClass().getName() + "); keep one");
                }
            }
        }
        StepSpec.SourceSpec<?> metadata = seen.get(WorkflowKind.METADATA);
        if (metadata == null) {
            return Optional.of("steps() declares no metadata source; every connector needs one, e.g. "
                    + "StepSpec.source(SourceConfigType." + SourceConfigType.metadataOf(spec.category())
                    .map(Enum::name).orElse("DATABASE_METADATA") + ", YourSource.class)");
        }
        Optional<SourceConfigType> fitting = SourceConfigType.metadataOf(spec.category());
        if (fitting.isPresent() && fitting.get() != metadata.sourceConfigType()) {
            return Optional.of("the metadata source reads " + metadata.type() + " but a "
                    + spec.category().name().toLowerCase(Locale.ROOT) + " connector's metadata workflow is "
                    + fitting.get().typeName() + "; declare StepSpec.source(SourceConfigType." + fitting.get().name()
                    + ", …)");
        }
        return Optional.empty();
    }
}
