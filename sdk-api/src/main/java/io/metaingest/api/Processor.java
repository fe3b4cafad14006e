package io.metaingest.api;

import java.util.stream.Stream;

/**
 * A middle step: turns each record it is given into one or more {@link Result}s.
 *
 * <h2>One result per record at least</h2>
 * For every record, {@link #process} returns a stream with at least one result: the record(s) it
 * passes on ({@link Result#ok}), or {@link Result#filtered} to drop the record, {@link Result#failed}
 * when it cannot process it, {@link Result#warning} to say why nothing came of it. An empty stream
 * drops the record: it is neither written nor counted as filtered, and the runtime warns once on the
 * processor at the end of its run, with how many records it dropped so (the test kit fails it); null is recorded as
 * that record's failure. Name the record in these results as the runtime names it in failures: its
 * {@link EntityRequest#key()}, else its {@code toString()}.
 *
 * <h2>Records of other types</h2>
 * A record that is not of the type the step's {@link StepSpec#processor declaration} accepts fails
 * before it reaches {@code process}. To pass other records through unchanged, accept their common
 * supertype ({@code Object.class}) and return {@code Result.ok(record)} for those it does not
 * transform.
 *
 * <p>The runtime calls {@code process} from the run's one thread, one record at a time, and consumes
 * the returned stream before giving it the next record: a processor needs no locking for that.
 *
 * @param <I> the input record type
 * @param <O> the output record type
 */
public interface Processor<I, O> extends AutoCloseable {

    /**
     * Processes one record.
     *
     * @return at least one result for this record, never null nor empty (see above)
     * @throws ConnectionException when the service it uses cannot be reached at all: the run ends
     *                             as failed
     * @throws Exception a failure of this record only, recorded under its name; the run goes on
     */
    Stream<Result<O>> process(I record) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
