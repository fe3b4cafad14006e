package io.metaingest.api;

/**
 * First half of a two-phase write (usage-style workflows): collects records, typically into
 * local files, so a {@link BulkSink} can aggregate and load them once the source is exhausted.
 *
 * @param <T> the record type accepted
 */
public interface Stage<T> extends AutoCloseable {

    /** Stages one record; an exception becomes a recorded failure of this record only. */
    void stage(T record) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
