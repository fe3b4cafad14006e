package io.metaingest.api;

import java.util.stream.Stream;

/**
 * The first step of a workflow: reads the service and produces records lazily.
 *
 * <p>{@link #read()} is called once. The returned stream should be lazy (build it with
 * {@code flatMap}, {@code Stream.iterate} or a spliterator over a cursor) so that the runtime can
 * write each record before the next is read and memory does not grow with the number of entities.
 * A problem with one entity is returned as {@link Result#failed}; throwing ends the run.
 * Emit each entity after the one it belongs to (a database, then its schemas, then their tables and
 * stored procedures; a dashboard's charts before the dashboard), as OpenMetadata creates them in
 * that order and refuses a child whose parent does not exist yet.
 *
 * @param <T> the record type, usually one of the create requests in {@code io.metaingest.api.entity}
 */
public interface Source<T> extends AutoCloseable {

    /**
     * Starts reading.
     *
     * @throws ConnectionException if the service cannot be reached or refuses us
     * @throws Exception any other fatal error; the run ends as failed
     */
    Stream<Result<T>> read() throws Exception;

    /** Releases connections; called once, also after a failure. */
    @Override
    default void close() throws Exception {
    }
}
