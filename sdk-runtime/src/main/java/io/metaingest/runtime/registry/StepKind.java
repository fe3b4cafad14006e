package io.metaingest.runtime.registry;

import io.metaingest.api.BulkSink;
import io.metaingest.api.Processor;
import io.metaingest.api.Sink;
import io.metaingest.api.Stage;
import io.metaingest.api.StepSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A step role with the interface its steps are seen through, so lookups return typed declarations
 * without casts.
 *
 * @param <S> the role's step interface, over any record
 */
public final class StepKind<S extends AutoCloseable> {

    /** {@code processor}. */
    public static final StepKind<Processor<Object, ?>> PROCESSOR = new StepKind<>(StepSpec.Role.PROCESSOR,
            s -> s instanceof StepSpec.ProcessorSpec<?, ?> p ? p : null);
    /** {@code stage}. */
    public static final StepKind<Stage<Object>> STAGE = new StepKind<>(StepSpec.Role.STAGE,
            s -> s instanceof StepSpec.StageSpec<?, ?> p ? p : null);
    /** {@code bulkSink}. */
    public static final StepKind<BulkSink<?>> BULK_SINK = new StepKind<>(StepSpec.Role.BULK_SINK,
            s -> s instanceof StepSpec.BulkSinkSpec<?> p ? p : null);
    /** {@code sink}. */
    public static final StepKind<Sink<Object>> SINK = new StepKind<>(StepSpec.Role.SINK,
            s -> s instanceof StepSpec.SinkSpec<?, ?> p ? p : null);

    /** Every kind, in the order a workflow file lists them. */
    public static final List<StepKind<?>> ALL = List.of(PROCESSOR, STAGE, BULK_SINK, SINK);

    private final StepSpec.Role role;
    private final Function<StepSpec<?>, StepSpec<S>> narrow;

    private StepKind(StepSpec.Role role, Function<StepSpec<?>, StepSpec<S>> narrow) {
        this.role = role;
        this.narrow = narrow;
    }

    /** The role. */
    public StepSpec.Role role() {
        return role;
    }

    /** The workflow file's key, e.g. {@code bulkSink}. */
    public String key() {
        return role.key();
    }

    /** The declaration as this kind, when it is one. */
    public Optional<StepSpec<S>> narrow(StepSpec<?> spec) {
        return Optional.ofNullable(narrow.apply(spec));
    }

    @Override
    public String toString() {
        return role.key();
    }
}
