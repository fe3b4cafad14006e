package io.metaingest.testconnectors;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/** A processor whose schema requires a {@code label}: the kit can build it only with a config. */
public final class Labeller implements Processor<EntityRequest, EntityRequest> {

    /**
     * The settings.
     *
     * @param label the label (required)
     */
    public record Config(String label) {
    }

    /** Created by the runtime's injector. */
    @Inject
    public Labeller(Config config) {
        if (config.label() == null) {
            throw new IllegalArgumentException("label is required");
        }
    }

    @Override
    public Stream<Result<EntityRequest>> process(EntityRequest record) {
        return Stream.of(Result.ok(record));
    }
}
