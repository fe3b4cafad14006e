package io.metaingest.testkit.shelf;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shared test connector: a shelf of books read as one database ({@code shelf}) with one schema
 * ({@code main}) and a table per book, plus lineage from each book to the next. Correct in every
 * respect the kit checks; the broken connectors in {@code io.metaingest.testkit.broken} each change
 * one thing.
 */
public class ShelfSpec implements ServiceSpec {
    @Override public String serviceType() { return "Shelf"; }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<?> connectionType() { return Connection.class; }
    @Override public String connectionSchema() { return "/schemas/" + serviceType() + "Connection.json"; }
    /** The sources among {@link #steps()}; a broken connector swaps one. */
    protected List<StepSpec<?>> sources() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, ShelfSource.class),
                StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfLineage.class));
    }
    @Override public Optional<Class<? extends ConnectionTester>> connectionTester() { return Optional.of(Tester.class); }
    @Override public List<StepSpec<?>> steps() {
        List<StepSpec<?>> steps = new ArrayList<>(sources());
        steps.add(StepSpec.processor("shelf-labeller", Labeller.class, EntityRequest.class,
                Labeller.Config.class, "/schemas/step/shelf-labeller.json"));
        return steps;
    }

    /**
     * The connection.
     *
     * @param type the service type
     * @param endpoint {@code up} or {@code down}: whether the shelf answers
     * @param books book names, one table each
     * @param password the shelf's key
     */
    public record Connection(String type, String endpoint, List<String> books, Secret password) {
    }

    /** The database, its schema, one table per book; honours the database and table filters. */
    public static class ShelfSource implements Source<EntityRequest> {
        private final Connection connection;
        private final DatabaseMetadataConfig config;
        private final WorkflowContext context;

        /** Created by the runtime's injector. */
        @Inject
        public ShelfSource(Connection connection, DatabaseMetadataConfig config, WorkflowContext context) {
            this.connection = connection;
            this.config = config;
            this.context = context;
        }

        /** The connection (a broken connector misuses it). */
        protected Connection connection() {
            return connection;
        }

        /** The description of a book's table (a broken connector changes it). */
        protected String describe(String book) {
            return "the book " + book;
        }

        /** Whether filter patterns are applied (a broken connector ignores them). */
        protected boolean filters() {
            return true;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            String db = Fqn.build(context.serviceName(), "shelf");
            Optional<String> dbRejected = filters() ? FilterPattern.orAll(config.databaseFilterPattern()).rejection("shelf")
                    : Optional.empty();
            if (dbRejected.isPresent()) {
                return Stream.of(Result.filtered(db, dbRejected.get()));
            }
            String schema = Fqn.append(db, "main");
            List<Result<EntityRequest>> out = new ArrayList<>();
            out.add(Result.ok(new CreateDatabaseRequest("shelf", null, null, context.serviceName(), null, null, null)));
            out.add(Result.ok(new CreateDatabaseSchemaRequest("main", null, null, db, null, null, null)));
            for (String book : connection.books()) {
                Optional<String> rejected = filters() ? FilterPattern.orAll(config.tableFilterPattern()).rejection(book)
                        : Optional.empty();
                if (rejected.isPresent()) {
                    out.add(Result.filtered(Fqn.append(schema, book), rejected.get()));
                    continue;
                }
                out.add(Result.ok(new CreateTableRequest(book, null, describe(book), TableType.REGULAR,
                        List.of(Column.of("title", DataType.VARCHAR, 1)), null, null, null, schema, null, null, null)));
            }
            return out.stream();
        }
    }

    /** Lineage from each book's table to the next one's. */
    public static final class ShelfLineage implements Source<AddLineageRequest> {
        private final Connection connection;
        private final WorkflowContext context;

        /** Created by the runtime's injector. */
        @Inject
        public ShelfLineage(Connection connection, DatabaseLineageConfig config, WorkflowContext context) {
            this.connection = connection;
            this.context = context;
        }

        @Override
        public Stream<Result<AddLineageRequest>> read() {
            String schema = Fqn.build(context.serviceName(), "shelf", "main");
            List<String> books = connection.books();
            return java.util.stream.IntStream.range(1, books.size()).mapToObj(i -> Result.ok(AddLineageRequest.between(
                    EntityReference.byFqn("table", Fqn.append(schema, books.get(i - 1))),
                    EntityReference.byFqn("table", Fqn.append(schema, books.get(i))), null)));
        }
    }

    /** Answers when the endpoint is {@code up}. */
    public static final class Tester implements ConnectionTester {
        private final Connection connection;

        /** Created by the runtime's injector. */
        @Inject
        public Tester(Connection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            if (!"up".equals(connection.endpoint())) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "the shelf at '" + connection.endpoint() + "' does not answer");
            }
            return List.of("the shelf answers");
        }
    }

    /** A processor whose schema requires a {@code label}: the kit can build it only with a config. */
    public static final class Labeller implements io.metaingest.api.Processor<EntityRequest, EntityRequest> {
        /**
         * The settings.
         *
         * @param label the label (required)
         */
        public record Config(String label) {
        }

        /** Created by the runtime's injector. */
        @Inject
        public Labeller(Config config) {
            if (config.label() == null) {
                throw new IllegalArgumentException("label is required");
            }
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.of(Result.ok(record));
        }
    }
}
