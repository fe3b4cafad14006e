package io.metaingest.api;

import java.util.Objects;
import java.util.stream.Stream;

/** Argument checks and typed views for {@link StepSpec}, so the runtime needs no unchecked casts. */
final class StepChecks {

    private StepChecks() {
    }

    static void require(String type, Class<?> stepClass, Class<?> accepts, Class<?> configType, String schema) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a step type needs a name");
        }
        Objects.requireNonNull(stepClass, "stepClass of " + type);
        Objects.requireNonNull(accepts, "accepted record type of " + type);
        Objects.requireNonNull(configType, "configType of " + type);
        Objects.requireNonNull(schema, "configSchema of " + type);
    }

    static <I, O> Processor<Object, O> processor(Processor<I, O> processor, Class<I> accepts, String type) {
        return new Processor<>() {
            @Override
            public Stream<Result<O>> process(Object record) throws Exception {
                return processor.process(accepted(accepts, record, type));
            }

            @Override
            public void close() throws Exception {
                processor.close();
            }
        };
    }

    /**
     * The record as the step's type, or a failure naming both types. On every record's path: one type
     * check (not {@code isInstance} and again {@code cast}), the message built only on failure.
     */
    @SuppressWarnings("unchecked") // checked by isInstance
    static <T> T accepted(Class<T> accepts, Object record, String type) {
        if (!accepts.isInstance(record)) {
            throw refused(accepts, record, type);
        }
        return (T) record;
    }

    private static IllegalArgumentException refused(Class<?> accepts, Object record, String type) {
        return new WrongRecordType(type, accepts, record.getClass());
    }
}
