package io.metaingest.runtime.config;

import io.metaingest.runtime.registry.StepKind;
import java.util.Collection;
import java.util.Optional;

/**
 * The bound configs of the steps that write a workflow's output: enough to check where it will write.
 * A workflow refused for other problems still has them when these steps' own configs are valid, so an
 * unwritable path is told with those problems rather than after they are fixed.
 *
 * @param sink the sink's config, if it bound
 * @param stage the stage's config, if it bound
 * @param bulkSink the bulk sink's config, if it bound
 */
public record OutputSteps(Optional<Record> sink, Optional<Record> stage, Optional<Record> bulkSink) {

    /** No output step known: the workflow did not get as far as its steps. */
    public static final OutputSteps NONE = new OutputSteps(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * The configs of {@code workflow}'s steps, less those holding a value an unset variable left incomplete
     * ({@link LoadedWorkflow#unchecked()}): where such a step writes is not knowable.
     */
    public static OutputSteps of(LoadedWorkflow workflow) {
        return new OutputSteps(workflow.sink().map(StepConfig::config), workflow.stage().map(StepConfig::config),
                workflow.bulkSink().map(StepConfig::config)).without(workflow.unchecked());
    }

    /** These steps less each one with a config path among {@code paths} ({@code sink.config.path}: the sink). */
    OutputSteps without(Collection<String> paths) {
        return new OutputSteps(sink.filter(c -> !holds(paths, StepKind.SINK)), stage.filter(c -> !holds(paths, StepKind.STAGE)),
                bulkSink.filter(c -> !holds(paths, StepKind.BULK_SINK)));
    }

    private static boolean holds(Collection<String> paths, StepKind<?> kind) {
        return paths.stream().anyMatch(path -> path.startsWith(kind.key() + "."));
    }
}
