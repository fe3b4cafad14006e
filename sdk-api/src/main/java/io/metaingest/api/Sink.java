package io.metaingest.api;

/**
 * The last step: writes records somewhere (a file, the console, the OpenMetadata API).
 *
 * @param <T> the record type accepted
 */
public interface Sink<T> extends AutoCloseable {

    /**
     * Writes one record.
     *
     * @return {@link WriteOutcome#CREATED} or {@link WriteOutcome#UPDATED}
     * @throws Exception a failure of this record only; the run goes on
     */
    WriteOutcome write(T record) throws Exception;

    /** Flushes buffered records; called once at the end of a run, before {@link #close()}. */
    default void flush() throws Exception {
    }

    @Override
    default void close() throws Exception {
    }

    /** What a write did, counted as {@code records} or {@code updated_records}. */
    enum WriteOutcome {
        /** A new entity. */
        CREATED,
        /** An existing entity changed. */
        UPDATED
    }
}
