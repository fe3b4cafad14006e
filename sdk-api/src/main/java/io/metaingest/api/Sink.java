package io.metaingest.api;

/**
 * The last step: writes records somewhere (a file, the console, the OpenMetadata API).
 *
 * <h2>What counts as written</h2>
 * A record counts as written only once it has reached the destination. {@link #write} accepts a
 * record; a sink that buffers tells the runner how many accepted records have reached the
 * destination through {@link #confirmed()}, and the run report counts only those. So a report
 * never claims more than the destination holds, whatever stops the run.
 *
 * <h2>Failures</h2>
 * An exception thrown by {@link #write} is that record's failure and the run goes on. A
 * {@link SinkUnavailableException}, thrown from any method, says the destination cannot take
 * anything more: the run ends as failed, naming the cause once.
 *
 * <h2>End of a run</h2>
 * The runner calls {@link #flush()} after the last record, then {@link #complete(boolean)} once
 * the run's outcome is known, then {@link #close()}. A run stopped early (a fatal error, SIGTERM)
 * calls {@link #complete(boolean) complete(false)} and {@link #close()} only.
 *
 * <p>{@link #confirmed()} may be called from another thread (progress display, heartbeat,
 * shutdown) while records are written; it must be thread-safe. {@link #complete(boolean)} may be
 * called from the shutdown thread while the run's thread is inside {@link #write}: a sink must
 * then leave its destination consistent (whole records only).
 *
 * @param <T> the record type accepted
 */
public interface Sink<T> extends AutoCloseable {

    /**
     * Accepts one record.
     *
     * @return {@link WriteOutcome#CREATED} or {@link WriteOutcome#UPDATED}
     * @throws SinkUnavailableException when the destination cannot take anything more
     * @throws Exception a failure of this record only; the run goes on
     */
    WriteOutcome write(T record) throws Exception;

    /**
     * How many of the records accepted so far have reached the destination, in the order they were
     * accepted. The default, every accepted record, is right for a sink whose {@link #write}
     * returns only once the record is at its destination. A sink answers {@code -1} on every call
     * or on none: the runner asks once whether it does, so that such a sink costs nothing per record.
     *
     * @return the number of confirmed records, or {@code -1} for "every accepted record"
     */
    default long confirmed() {
        return -1;
    }

    /** Makes every accepted record reach the destination; called after the last record. */
    default void flush() throws Exception {
    }

    /**
     * Ends the sink's output once the run's outcome is known.
     *
     * @param keep true when the run ended in success or partial success; false when it failed or
     *             was stopped
     * @return whether the confirmed records stay at the destination. A sink that stages its output
     *         (a temporary file moved into place) publishes it when {@code keep} and discards it
     *         otherwise, returning {@code keep}; a sink whose records cannot be taken back (an API)
     *         returns true, the default.
     * @throws SinkUnavailableException when the output cannot be published; the run then fails
     */
    default boolean complete(boolean keep) throws Exception {
        return true;
    }

    /**
     * Whether a record stays at the destination once it has reached it, whatever happens later (an
     * API's writes): the runner then counts the confirmed records as kept even when {@link #complete}
     * fails, rather than as discarded. The default, false, is right for a sink that stages its output.
     */
    default boolean writesAreFinal() {
        return false;
    }

    /** Where records go, for messages: a path or a URL, never a secret. */
    default String destination() {
        return getClass().getSimpleName();
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
