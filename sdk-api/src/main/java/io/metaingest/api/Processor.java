package io.metaingest.api;

import java.util.stream.Stream;

/**
 * A middle step: transforms each record into zero or more records.
 *
 * @param <I> the input record type
 * @param <O> the output record type
 */
public interface Processor<I, O> extends AutoCloseable {

    /** Processes one record; an exception becomes a recorded failure of this record only. */
    Stream<Result<O>> process(I record) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
