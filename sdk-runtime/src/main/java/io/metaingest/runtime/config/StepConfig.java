package io.metaingest.runtime.config;

import io.metaingest.runtime.registry.RegisteredStep;

/**
 * A configured processor, stage, bulk sink or sink.
 *
 * @param step the resolved step type
 * @param config its {@code config}, validated and bound to the step's config record
 * @param <S> the role's step interface
 */
public record StepConfig<S extends AutoCloseable>(RegisteredStep<S> step, Record config) {

    /** The step type's name, e.g. {@code file}. */
    public String name() {
        return step.type();
    }
}
