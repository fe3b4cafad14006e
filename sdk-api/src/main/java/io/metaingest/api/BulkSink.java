package io.metaingest.api;

import java.util.stream.Stream;

/**
 * Second half of a two-phase write: runs after the {@link Stage} has seen every record and loads
 * what it collected, one result per loaded entity. It is created with the run's other steps, before
 * the source reads (as OpenMetadata creates its steps); when the run fails or is stopped before the
 * load, {@link #complete complete(false)} is called without {@link #load}, and the report lists
 * {@link #destination()} as not kept.
 *
 * @param <T> the type of what is loaded
 */
public interface BulkSink<T> extends AutoCloseable {

    /**
     * Loads everything staged. The runner counts each result as it takes it from the stream; a bulk sink whose writes
     * stay where they went (a server) writes as its stream is taken, so a run that ends part way (the destination gone,
     * a stop) counts what was written.
     */
    Stream<Result<T>> load() throws Exception;

    /**
     * Called once after {@link #load}, with the run's outcome: {@code keep} is false when the run
     * failed (below its success threshold, say). A bulk sink that writes its output aside (a file)
     * then discards it and leaves the destination as it was; one whose writes cannot be taken back (a
     * server) keeps them. The default, for the latter, keeps everything.
     *
     * @return whether what {@link #load} wrote stays at {@link #destination()}
     */
    default boolean complete(boolean keep) throws Exception {
        return true;
    }

    /**
     * Whether what {@link #load} wrote stays at the destination once it got there, whatever happens
     * later (a server's writes): a load that fails or is stopped part way then reports what it wrote
     * as kept, not as discarded. As {@link Sink#writesAreFinal()}; the default, false, is right for a
     * bulk sink that writes aside and moves its output into place at {@link #complete}.
     */
    default boolean writesAreFinal() {
        return false;
    }

    /**
     * Where {@link #load} put what it loaded (a file, a server's URL), for the run's report and its
     * last line; null when it has no single destination. Also asked when the run ended before the load.
     */
    default String destination() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}
