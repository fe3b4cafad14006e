package io.metaingest.testconnectors;

import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.CreateTableRequest;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/**
 * The profiler's and auto-classification's source: the tables to profile, one per book, which the
 * connector's own {@code orm-profiler} ({@link ShelfProfiler}) then reads.
 */
public final class ShelfTables implements Source<CreateTableRequest> {
    private final ShelfConnection connection;
    private final WorkflowContext context;

    /** Created by the runtime's injector. */
    @Inject
    public ShelfTables(ShelfConnection connection, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public Stream<Result<CreateTableRequest>> read() throws Exception {
        connection.reach();
        String schema = ShelfCatalog.schemaFqn(context.serviceName());
        return connection.allBooks().stream().map(book -> Result.ok(ShelfCatalog.bookTable(schema, book, null)));
    }
}
