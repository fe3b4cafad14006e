package io.metaingest.testkit.shelf;

import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.CreateDatabaseRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** An in-memory connector used to test the kit itself. */
public final class ShelfSpec implements ServiceSpec {
    @Override public String serviceType() { return "Shelf"; }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<Connection> connectionType() { return Connection.class; }
    @Override public String connectionSchema() { return "/schemas/shelfConnection.json"; }
    @Override public Map<WorkflowKind, Class<? extends Source<?>>> sources() {
        return Map.of(WorkflowKind.METADATA, ShelfSource.class);
    }

    /**
     * The connection.
     *
     * @param books book names
     * @param password a secret
     * @param leak whether to misbehave by writing the password into records
     */
    public record Connection(List<String> books, Secret password, Boolean leak) {
    }

    /** One database per book. */
    public static final class ShelfSource implements Source<CreateDatabaseRequest> {
        private final Connection connection;
        private final WorkflowContext context;

        @Inject
        public ShelfSource(Connection connection, WorkflowContext context) {
            this.connection = connection;
            this.context = context;
        }

        @Override
        public Stream<Result<CreateDatabaseRequest>> read() {
            boolean leak = Boolean.TRUE.equals(connection.leak());
            return connection.books().stream().map(book -> Result.ok(new CreateDatabaseRequest(book, null,
                    leak ? "key " + connection.password().reveal() : null, context.serviceName(), null, null, null)));
        }
    }
}
