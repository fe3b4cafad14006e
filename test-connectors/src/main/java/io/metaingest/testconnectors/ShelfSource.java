package io.metaingest.testconnectors;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata workflow: the database {@code shelf}, its schema {@code main} and a table per book,
 * read lazily one book at a time; honours the database, schema and table filters, and warns when one
 * of them lets none of the names it was asked about through ({@link AppliedFilter}).
 */
public class ShelfSource implements Source<EntityRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ShelfSource.class);

    /**
     * Whether the thread that closed the last stream of books had an interrupt pending (a close
     * that would then fail, as a vendor session's logout over HTTP does); read by tests.
     */
    public static volatile boolean closedWithInterruptPending;

    private final ShelfConnection connection;
    private final DatabaseMetadataConfig config;
    private final WorkflowContext context;

    /** Created by the runtime's injector. */
    @Inject
    public ShelfSource(ShelfConnection connection, DatabaseMetadataConfig config, WorkflowContext context) {
        this.connection = connection;
        this.config = config;
        this.context = context;
    }

    /** The connection (a broken connector of the kit's tests misuses it). */
    protected ShelfConnection connection() {
        return connection;
    }

    /** The description of a book's table (a broken connector changes it). */
    protected String describe(String book) {
        return "the book " + book + (connection.leak() ? " " + connection.echo() : "");
    }

    /** Whether filter patterns are applied (a broken connector ignores them). */
    protected boolean filters() {
        return true;
    }

    /** Whether the table filter pattern is applied (a broken connector ignores it alone). */
    protected boolean filtersTables() {
        return filters();
    }

    /** Whether a filter that let no name through says so in a warning (a broken connector keeps quiet). */
    protected boolean warnsWhenNoneLetThrough() {
        return true;
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws Exception {
        connection.reach();
        if (connection.leak()) {
            LOG.warn("the server answered {}", connection.echo());
        }
        // One per run: each counts what it let through, for its warning at the end of the stream.
        AppliedFilter databases = AppliedFilter.of("databaseFilterPattern", "databases", config.databaseFilterPattern());
        AppliedFilter schemas = AppliedFilter.of("schemaFilterPattern", "schemas", config.schemaFilterPattern());
        AppliedFilter tables = AppliedFilter.of("tableFilterPattern", "tables", config.tableFilterPattern());
        Stream<Result<EntityRequest>> warnings = Stream.of(databases, schemas, tables)
                .filter(f -> warnsWhenNoneLetThrough()).flatMap(AppliedFilter::<EntityRequest>noneLetThrough);
        String db = Fqn.build(context.serviceName(), "shelf");
        Optional<String> dbRejected = rejection(databases, "shelf");
        if (dbRejected.isPresent()) {
            return Stream.concat(Stream.of(Result.filtered(db, dbRejected.get())), warnings);
        }
        String schema = Fqn.append(db, "main");
        Optional<String> schemaRejected = rejection(schemas, "main");
        if (schemaRejected.isPresent()) {
            return Stream.concat(Stream.of(
                    Result.ok(new CreateDatabaseRequest("shelf", null, null, context.serviceName(), null, null, null)),
                    Result.filtered(schema, schemaRejected.get())), warnings);
        }
        List<String> books = connection.allBooks();
        Stream<Result<EntityRequest>> head = Stream.of(
                Result.ok(new CreateDatabaseRequest("shelf", null, null, context.serviceName(), null, null, null)),
                Result.ok(new CreateDatabaseSchemaRequest("main", null, null, db, null, null, null)));
        // The warnings are concatenated lazily: they count the tables once every book has been asked about.
        return Stream.concat(Stream.concat(head, IntStream.rangeClosed(1, books.size())
                        .mapToObj(i -> table(schema, books.get(i - 1), i, tables))), warnings)
                .onClose(() -> closedWithInterruptPending = Thread.currentThread().isInterrupted());
    }

    /** Returns at once, unless the host is {@code stuck-close}: then never, whatever interrupts it. */
    @Override
    public void close() {
        if (!connection.closeNeverReturns()) {
            return;
        }
        System.err.println("shelf: close() blocked");
        System.err.flush();
        ShelfConnection.awaitForEver();
    }

    private Result<EntityRequest> table(String schema, String book, int position, AppliedFilter tables) {
        if (connection.explodeAfter() != null && position > connection.explodeAfter()) {
            throw new IllegalStateException("shelf server went away" + (connection.leak() ? ": " + connection.echo() : ""));
        }
        if (position == 2 && connection.hangAfterFirst()) {
            hang();
        }
        String fqn = Fqn.append(schema, book);
        Optional<String> rejected = filtersTables() ? rejection(tables, book) : Optional.empty();
        if (rejected.isPresent()) {
            return Result.filtered(fqn, rejected.get());
        }
        if (connection.failOn().contains(book)) {
            return Result.failed(fqn, "cannot map " + book + " with key " + connection.key());
        }
        return Result.ok(ShelfCatalog.bookTable(schema, book, describe(book)));
    }

    private Optional<String> rejection(AppliedFilter filter, String name) {
        return filters() ? filter.rejection(name) : Optional.empty();
    }

    /** Blocks until the run is stopped, then ends the stream as a dropped connection would. */
    private static void hang() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the shelf", e);
        }
    }
}
