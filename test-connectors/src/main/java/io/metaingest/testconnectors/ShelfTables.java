package io.metaingest.testconnectors;

import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import jakarta.inject.Inject;
import java.util.List;
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
        String schema = Fqn.build(context.serviceName(), "shelf", "main");
        return connection.allBooks().stream().map(book -> Result.ok(new CreateTableRequest(book, null, null,
                TableType.REGULAR, List.of(new Column("title", null, DataType.VARCHAR, null, 200, null, null, "varchar(200)", null, null, 1, null, null)), null, null, null, schema,
                null, null, null)));
    }
}
