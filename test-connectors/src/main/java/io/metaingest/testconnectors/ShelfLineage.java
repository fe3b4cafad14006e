package io.metaingest.testconnectors;

import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.EntityReference;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The lineage workflow: each book's table feeds the next one's. */
public final class ShelfLineage implements Source<AddLineageRequest> {
    private final ShelfConnection connection;
    private final WorkflowContext context;

    /** Created by the runtime's injector (the lineage config proves the kind's config is bound). */
    @Inject
    public ShelfLineage(ShelfConnection connection, DatabaseLineageConfig config, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public Stream<Result<AddLineageRequest>> read() throws Exception {
        connection.reach();
        String schema = ShelfCatalog.schemaFqn(context.serviceName());
        List<String> books = connection.allBooks();
        return IntStream.range(1, books.size()).mapToObj(i -> Result.ok(AddLineageRequest.between(
                EntityReference.byFqn("table", Fqn.append(schema, books.get(i - 1))),
                EntityReference.byFqn("table", Fqn.append(schema, books.get(i))), null)));
    }
}
