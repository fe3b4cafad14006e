package io.metaingest.api;

import java.util.stream.Stream;

/**
 * Second half of a two-phase write: runs after the {@link Stage} has seen every record and loads
 * what it collected, one result per loaded entity.
 *
 * @param <T> the type of what is loaded
 */
public interface BulkSink<T> extends AutoCloseable {

    /** Loads everything staged. */
    Stream<Result<T>> load() throws Exception;

    /**
     * Where {@link #load} put what it loaded (a file, a server's URL), for the run's report and its
     * last line; null when it has no single destination. Asked after {@link #load}.
     */
    default String destination() {
        return null;
    }

    @Override
    default void close() throws Exception {
    }
}
