package io.metaingest.testconnectors;

import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.TableQuery;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;

/**
 * The usage workflow's source: the shelf's query log, as OpenMetadata's usage pipeline reads it. The
 * connection's {@code queries} are the log; without them, each book was read once on
 * {@value #DEFAULT_DAY} (a fixed day, so two runs are the same).
 */
public final class ShelfQueryLog implements Source<TableQuery> {

    /** The day of the default log. */
    public static final String DEFAULT_DAY = "2026-01-01T00:00:00Z";

    private final ShelfConnection connection;
    private final WorkflowContext context;

    /** Created by the runtime's injector. */
    @Inject
    public ShelfQueryLog(ShelfConnection connection, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public Stream<Result<TableQuery>> read() throws Exception {
        connection.reach();
        List<ShelfConnection.LoggedQuery> log = connection.queries().isEmpty()
                ? connection.allBooks().stream()
                        .map(book -> new ShelfConnection.LoggedQuery("SELECT * FROM main.\"" + book + "\"", "main", DEFAULT_DAY, 1L))
                        .toList()
                : connection.queries();
        return log.stream().map(q -> Result.ok(new TableQuery(q.query(), "reader", q.at(), context.serviceName(),
                "shelf", q.schema(), 1.5, q.executions())));
    }
}
