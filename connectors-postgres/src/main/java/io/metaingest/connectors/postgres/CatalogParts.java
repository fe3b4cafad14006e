package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The parts of a database's read (its schemas, its tables, its view lineage, its query lineage) fail
 * alone: a catalog query that fails, when the part starts or while it streams, becomes one failure
 * on the database, its transaction is rolled back so that the next part starts afresh, and the
 * other parts and databases go on; a lock timeout says how to raise it ({@link LockTimeout}). A
 * failure that says the server is gone ends the run instead ({@link ConnectionLost}).
 */
final class CatalogParts {

    private CatalogParts() {
    }

    /**
     * A catalog query that fails for a database is recorded against it; the other databases go on.
     * {@code readTimeoutSeconds} is the connection's, named when a read timed out.
     */
    static Stream<Result<EntityRequest>> guarded(String dbFqn, Runnable rollback, LockTimeout lockTimeout,
                                                 long readTimeoutSeconds, Supplier<Stream<Result<EntityRequest>>> part) {
        Stream<Result<EntityRequest>> stream;
        try {
            stream = part.get();
        } catch (Cursor.CatalogException e) {
            ConnectionLost.of(e.getCause(), readTimeoutSeconds).ifPresent(lost -> {
                throw lost;
            });
            rollback.run();
            return Stream.of(Result.failed(dbFqn, lockTimeout.explainCatalogRead(e.getCause())));
        }
        Iterator<Result<EntityRequest>> it = stream.iterator();
        Iterator<Result<EntityRequest>> safe = new Iterator<>() {
            private boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) {
                    return false;
                }
                try {
                    return it.hasNext();
                } catch (Cursor.CatalogException e) {
                    ConnectionLost.of(e.getCause(), readTimeoutSeconds).ifPresent(lost -> {
                        throw lost;
                    });
                    failed = true;
                    rollback.run(); // a failed statement aborts the (read-only) transaction; start afresh
                    pending = Result.failed(dbFqn, lockTimeout.explainCatalogRead(e.getCause()));
                    return true;
                }
            }

            private Result<EntityRequest> pending;

            @Override
            public Result<EntityRequest> next() {
                if (pending != null) {
                    Result<EntityRequest> r = pending;
                    pending = null;
                    return r;
                }
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending != null ? next() : it.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(safe, Spliterator.ORDERED), false)
                .onClose(stream::close);
    }
}
