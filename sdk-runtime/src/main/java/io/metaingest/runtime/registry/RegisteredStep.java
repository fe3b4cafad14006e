package io.metaingest.runtime.registry;

import io.metaingest.api.StepSpec;
import java.util.Optional;

/**
 * A registered step type.
 *
 * @param spec the declaration
 * @param origin {@code runtime}, {@code classpath} or {@code plugin <folder>}
 * @param serviceType the service type it serves, for a connector's own step; empty for any source
 * @param <S> the role's step interface
 */
public record RegisteredStep<S extends AutoCloseable>(StepSpec<S> spec, String origin, Optional<String> serviceType) {

    /** The step type's name. */
    public String type() {
        return spec.type();
    }
}
