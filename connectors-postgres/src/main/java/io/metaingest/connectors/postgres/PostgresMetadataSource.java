package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.StoredProcedureType;
import io.metaingest.connectors.postgres.CatalogRows.ColumnComment;
import io.metaingest.connectors.postgres.CatalogRows.ColumnRow;
import io.metaingest.connectors.postgres.CatalogRows.ConstraintRow;
import io.metaingest.connectors.postgres.CatalogRows.Relation;
import io.metaingest.connectors.postgres.CatalogRows.Routine;
import io.metaingest.connectors.postgres.CatalogRows.SchemaRow;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata workflow ({@code source.type: postgres}): databases, schemas, tables and views,
 * procedures and functions. A fixed number of catalog queries per database, streamed and merged
 * (see {@link CatalogQueries}); one table in memory at a time. View lineage is not emitted here: in
 * OpenMetadata 1.6 it belongs to the lineage workflow ({@link PostgresLineageSource}).
 */
public final class PostgresMetadataSource implements Source<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMetadataSource.class);

    /** The default database filter: the template databases. */
    static final FilterPattern DEFAULT_DATABASE_FILTER = FilterPattern.excluding("^template0$", "^template1$");

    private final PostgresClient client;
    private final DatabaseMetadataConfig config;
    private final String service;
    private final TableMapper mapper;
    private final ConfiguredFilter databaseFilter;
    private final SchemaScope schemaScope;
    private final ConfiguredFilter schemaFilter;
    private final ConfiguredFilter tableFilter;
    private final ConfiguredFilter routineFilter;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Created by the runtime's injector. */
    @Inject
    public PostgresMetadataSource(PostgresClient client, DatabaseMetadataConfig config, WorkflowContext context,
                                  TableMapper mapper) {
        this.client = client.forCatalogReads();
        this.config = config;
        this.service = context.serviceName();
        this.mapper = mapper;
        this.databaseFilter = ConfiguredFilter.of("databaseFilterPattern", "databases", config.databaseFilterPattern(),
                DEFAULT_DATABASE_FILTER);
        this.schemaScope = SchemaScope.of(config.schemaFilterPattern());
        this.schemaFilter = ConfiguredFilter.of("schemaFilterPattern", "schemas", config.schemaFilterPattern(),
                schemaScope.filter());
        this.tableFilter = ConfiguredFilter.of("tableFilterPattern", "tables and views", config.tableFilterPattern());
        this.routineFilter = ConfiguredFilter.of("storedProcedureFilterPattern", "stored procedures",
                config.storedProcedureFilterPattern());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        String firstDatabase = client.config().databaseOrDefault();
        // Connect now, so that a wrong host or password fails the run with exit 3 before any output.
        Connection firstConnection = track(client.open(firstDatabase));
        List<String> databases = client.databasesToRead(firstConnection);
        // As OpenMetadata's Postgres source: the configured database is read whatever the database filter says.
        boolean filtered = client.config().ingestAllDatabases();
        Stream<Result<EntityRequest>> records = databases.stream().flatMap(db -> {
            String fqnName = config.useFqnForFiltering() ? Fqn.build(service, db) : db;
            Optional<String> rejected = filtered ? databaseFilter.rejection(fqnName) : Optional.empty();
            if (rejected.isPresent()) {
                return Stream.of(Result.filtered(Fqn.build(service, db), rejected.get()));
            }
            return database(db, db.equals(firstDatabase) ? firstConnection : null);
        });
        // Last, once every name went through them: a pattern of the user's that let nothing through says so,
        // and so does one aimed at a schema that is never read (once per run: it depends on the file alone);
        // includes aimed only at those let nothing through, and that one warning says why.
        return Stream.concat(records,
                schemaScope.<EntityRequest>endOfRunWarnings(databaseFilter.applied(), schemaFilter.applied(),
                        tableFilter.applied(), routineFilter.applied()));
    }

    private Stream<Result<EntityRequest>> database(String db, Connection reuse) {
        String dbFqn = Fqn.build(service, db);
        Connection c;
        try {
            c = reuse != null ? reuse : track(client.open(db));
        } catch (ConnectionException e) {
            return Stream.of(Result.failed(dbFqn, e));
        }
        try {
            // One snapshot for all queries of this database, shared with the column reader.
            c.commit();
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        } catch (SQLException e) {
            LOG.debug("cannot use one snapshot for {}: {}", dbFqn, e.getMessage());
        }
        Set<String> schemas = new HashSet<>();
        // The table queries start first, so the server works on them while the small queries run.
        EarlyReads early = startTableReadsEarly(c, db);
        Runnable rollback = () -> {
            PostgresClient.rollback(c);
            early.discard(); // their snapshot ended with the transaction
        };
        Stream<Supplier<Stream<Result<EntityRequest>>>> parts = Stream.of(
                () -> databaseRecord(c, db),
                () -> schemas(c, dbFqn, schemas),
                () -> schemaGrants(c, dbFqn, schemas),
                () -> tables(early, c, db, dbFqn, schemas, rollback),
                () -> routines(c, dbFqn, schemas));
        return parts.flatMap(part -> CatalogParts.guarded(dbFqn, rollback, LockTimeout.of(client.config()),
                client.readTimeoutInForce(), part)).onClose(() -> {
            early.discard();
            close(c);
        });
    }

    /** The cursors of the table part. */
    record TableReads(Rows<ColumnComment> comments, Rows<Relation> relations, Rows<ColumnRow> columns,
                      Rows<ConstraintRow> constraints) {
        void close() {
            relations.close();
            columns.close();
            constraints.close();
            comments.close();
        }
    }

    /**
     * Table reads started with the database, taken by the table part unless a rollback ended their
     * snapshot; or the lock timeout that starting them met, which the table part meets again at once
     * instead of waiting lock_timeout a second time.
     */
    private static final class EarlyReads {
        private TableReads reads;
        private Cursor.CatalogException lockTimeout;

        EarlyReads(TableReads reads) {
            this.reads = reads;
        }

        EarlyReads(Cursor.CatalogException lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        TableReads take(Supplier<TableReads> fresh) {
            if (lockTimeout != null) {
                Cursor.CatalogException timedOut = lockTimeout;
                lockTimeout = null;
                throw timedOut;
            }
            TableReads taken = reads != null ? reads : fresh.get();
            reads = null;
            return taken;
        }

        void discard() {
            if (reads != null) {
                reads.close();
                reads = null;
            }
        }
    }

    /**
     * The table reads; none when tables are not read or starting them failed (the table part then
     * starts them again and reports the failure), or the lock timeout they met.
     */
    private EarlyReads startTableReadsEarly(Connection c, String db) {
        if (!readsTables()) {
            return new EarlyReads((TableReads) null);
        }
        try {
            return new EarlyReads(startTableReads(c, db));
        } catch (Cursor.CatalogException e) {
            // A server gone (or stuck past the read timeout) ends the run here, with its own reason: the
            // later queries would only find the connection closed.
            ConnectionLost.of(e.getCause(), client.readTimeoutInForce()).ifPresent(lost -> {
                throw lost;
            });
            PostgresClient.rollback(c);
            return LockedRelations.isLockTimeout(e) ? new EarlyReads(e) : new EarlyReads((TableReads) null);
        }
    }

    private boolean readsTables() {
        return config.includeTables() || config.includeViews();
    }

    private TableReads startTableReads(Connection c, String db) {
        // Few rows (only commented columns): read beside the others on the main connection.
        Rows<ColumnComment> comments = open(c, CatalogQueries.COLUMN_COMMENTS, ColumnComment::read);
        String snapshot = exportSnapshot(c);
        return new TableReads(comments,
                readAhead(c, db, snapshot, CatalogQueries.relations(schemaScope, config.includeDDL()), Relation.reader()),
                readAhead(c, db, snapshot, CatalogQueries.columns(schemaScope, config.includeDDL()), ColumnRow.reader()),
                readAhead(c, db, snapshot, CatalogQueries.constraints(schemaScope, config.includeDDL()),
                        ConstraintRow.reader()));
    }

    private Stream<Result<EntityRequest>> databaseRecord(Connection c, String db) {
        Cursor<EntityRequest> cursor = open(c, CatalogQueries.DATABASE, rs -> new CreateDatabaseRequest(
                db, null, rs.getString("description"), service, null, null, owners(rs.getString("owner"))));
        return cursor.stream().map(Result::ok);
    }

    private Stream<Result<EntityRequest>> schemas(Connection c, String dbFqn, Set<String> accepted) {
        Cursor<SchemaRow> cursor = open(c, CatalogQueries.schemas(schemaScope), SchemaRow::read);
        return cursor.stream().map(s -> {
            String fqn = Fqn.append(dbFqn, s.name());
            String matched = config.useFqnForFiltering() ? fqn : s.name();
            Optional<String> rejected = schemaFilter.rejection(matched);
            if (rejected.isPresent()) {
                return Result.filtered(fqn, rejected.get());
            }
            accepted.add(s.name());
            return Result.ok(new CreateDatabaseSchemaRequest(s.name(), null, s.comment(), dbFqn, null, null,
                    owners(s.owner())));
        });
    }

    /** A warning for each accepted schema the role may not use: its metadata is complete, but not the rest. */
    private Stream<Result<EntityRequest>> schemaGrants(Connection c, String dbFqn, Set<String> accepted) {
        try {
            return SchemaGrants.missing(c, schemaScope).stream().filter(m -> accepted.contains(m.schema()))
                    .map(m -> Result.warning(Fqn.append(dbFqn, m.schema()), SchemaGrants.warning(m,
                            "its tables are described from the catalog but lineage, usage and profiling cannot read them")));
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
    }

    /**
     * The table part: the database-wide queries, and past a relation another session has locked
     * ({@link LockedRelations}) when one of them gives up at lock_timeout, or has dropped meanwhile.
     */
    private Stream<Result<EntityRequest>> tables(EarlyReads early, Connection c, String db, String dbFqn,
                                                 Set<String> schemas, Runnable rollback) {
        if (!readsTables()) {
            early.discard();
            return Stream.empty();
        }
        LockedRelations locked = new LockedRelations(c, schemaScope, config.includeDDL(), LockTimeout.of(client.config()),
                dbFqn, new LockedRelations.Tables() {
                    @Override
                    public boolean reads(Relation relation) {
                        return schemas.contains(relation.schema()) && notRead(relation) == null;
                    }

                    @Override
                    public Result<EntityRequest> notRead(Relation relation) {
                        return schemas.contains(relation.schema()) ? filtered(relation, dbFqn) : null;
                    }

                    @Override
                    public Stream<Result<EntityRequest>> map(TableReads reads) {
                        return tables(reads, c, dbFqn, schemas, new AtomicLong());
                    }
                });
        AtomicLong done = new AtomicLong();
        return LockedRelations.resumeOn(LockedRelations::isLockTimeoutOrDrop,
                () -> tables(early.take(() -> startTableReads(c, db)), c, dbFqn, schemas, done), rollback,
                failure -> locked.after(done.get(), failure));
    }

    /**
     * The relations of {@code reads} merged with their rows and mapped; {@code done} follows the oid of
     * the last relation a result was produced for (or that was skipped).
     */
    private Stream<Result<EntityRequest>> tables(TableReads reads, Connection c, String dbFqn, Set<String> schemas,
                                                 AtomicLong done) {
        Rows<Relation> relations = reads.relations();
        Rows<ColumnRow> columns = reads.columns();
        Rows<ConstraintRow> constraints = reads.constraints();
        Rows<ColumnComment> comments = reads.comments();
        ColumnTypes types = new ColumnTypes(c, CatalogQueries.allTypes(schemaScope));
        return relations.stream().map(rel -> {
            // Always advance the cursors, also for skipped relations.
            List<ColumnRow> cols = drain(columns, rel.oid(), ColumnRow::relid);
            List<ConstraintRow> cons = drain(constraints, rel.oid(), ConstraintRow::relid);
            List<ColumnComment> texts = drain(comments, rel.oid(), ColumnComment::relid);
            Result<EntityRequest> result = table(rel, cols, cons, texts, types, dbFqn, schemas);
            done.set(rel.oid());
            return result;
        }).filter(r -> r != null).onClose(reads::close);
    }

    /** One relation with its rows: a table, a filtered result, or null when its schema was filtered (counted once). */
    private Result<EntityRequest> table(Relation rel, List<ColumnRow> cols, List<ConstraintRow> cons,
                                        List<ColumnComment> texts, ColumnTypes types, String dbFqn, Set<String> schemas) {
        if (!schemas.contains(rel.schema())) {
            return null;
        }
        Result<EntityRequest> notRead = filtered(rel, dbFqn);
        if (notRead != null) {
            return notRead;
        }
        try {
            types.learn(cols);
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
        try {
            return Result.ok(mapper.map(dbFqn, rel, inColumnOrder(cols, texts), cons, types));
        } catch (RuntimeException e) {
            return Result.failed(Fqn.append(dbFqn, rel.schema(), rel.name()), e);
        }
    }

    /** Why a relation of an accepted schema is not ingested (an extension's, a kind or a name filtered), or null. */
    private Result<EntityRequest> filtered(Relation rel, String dbFqn) {
        boolean view = "v".equals(rel.relkind()) || "m".equals(rel.relkind());
        String fqn = Fqn.append(dbFqn, rel.schema(), rel.name());
        if (rel.extension() != null) {
            return Result.filtered(fqn, extensionMember(relationKind(rel.relkind()), rel.extension()));
        }
        if (view ? !config.includeViews() : !config.includeTables()) {
            return Result.filtered(fqn, ConfiguredFilter.switchedOff(view ? "includeViews" : "includeTables"));
        }
        String matched = config.useFqnForFiltering() ? fqn : rel.name();
        Optional<String> rejected = tableFilter.rejection(matched);
        return rejected.<Result<EntityRequest>>map(reason -> Result.filtered(fqn, reason)).orElse(null);
    }

    /** A relation's columns in attnum order, with their comments. */
    static List<ColumnRow> inColumnOrder(List<ColumnRow> cols, List<ColumnComment> comments) {
        for (int i = 1; i < cols.size(); i++) {
            if (cols.get(i - 1).attnum() > cols.get(i).attnum()) {
                cols.sort(Comparator.comparingInt(ColumnRow::attnum));
                break;
            }
        }
        for (ColumnComment comment : comments) {
            int at = ColumnRow.indexOf(cols, comment.attnum());
            if (at >= 0) {
                cols.set(at, cols.get(at).withComment(comment.text()));
            }
        }
        return cols;
    }

    private interface Key<T> {
        long of(T row);
    }

    /** Takes the rows of relation {@code oid} from a cursor ordered by relation oid. */
    private static <T> List<T> drain(Rows<T> cursor, long oid, Key<T> key) {
        List<T> rows = new ArrayList<>();
        try {
            for (T row = cursor.peek(); row != null; row = cursor.peek()) {
                long k = key.of(row);
                if (Long.compareUnsigned(k, oid) > 0) {
                    break;
                }
                cursor.poll();
                if (k == oid) {
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
        return rows;
    }

    /** The snapshot of {@code c}'s transaction for the read-ahead connections, or null when it cannot be exported. */
    private static String exportSnapshot(Connection c) {
        try {
            return PrefetchedRows.exportSnapshot(c);
        } catch (SQLException e) {
            LOG.debug("reading the catalog on one connection: {}", e.getMessage());
            return null;
        }
    }

    /**
     * A catalog query read ahead on its own connection in the main connection's snapshot, so the
     * server runs the three table queries side by side while this thread maps and writes tables;
     * read on the main connection instead when that cannot be arranged (same rows, only slower).
     */
    private <T> Rows<T> readAhead(Connection c, String db, String snapshot, String sql, Cursor.RowMapper<T> mapper) {
        if (snapshot != null) {
            try {
                return PrefetchedRows.start(c, () -> client.open(db), snapshot, sql, mapper);
            } catch (SQLException e) {
                LOG.debug("reading on the main connection: {}", e.getMessage());
            }
        }
        return open(c, sql, mapper);
    }

    private Stream<Result<EntityRequest>> routines(Connection c, String dbFqn, Set<String> schemas) {
        if (!config.includeStoredProcedures()) {
            return Stream.empty();
        }
        Cursor<Routine> cursor = open(c, CatalogQueries.routines(schemaScope), Routine::read);
        return cursor.stream().filter(r -> schemas.contains(r.schema())).map(r -> {
            String schemaFqn = Fqn.append(dbFqn, r.schema());
            // Overloads share a name in PostgreSQL; OpenMetadata needs one name per entity. The first by OID
            // keeps the bare name (as OpenMetadata's own connector names it), so adding or dropping a later
            // overload never renames it (a rename would soft-delete the entity and its curated metadata).
            String name = r.overload() > 1 ? r.name() + "(" + r.arguments() + ")" : r.name();
            String fqn = Fqn.append(schemaFqn, name);
            if (r.extension() != null) {
                return Result.<EntityRequest>filtered(fqn, extensionMember("p".equals(r.kind()) ? "procedure"
                        : "function", r.extension()));
            }
            String matched = config.useFqnForFiltering() ? fqn : r.name();
            Optional<String> rejected = routineFilter.rejection(matched);
            if (rejected.isPresent()) {
                return Result.<EntityRequest>filtered(fqn, rejected.get());
            }
            StoredProcedureType type = "p".equals(r.kind()) ? StoredProcedureType.STORED_PROCEDURE
                    : StoredProcedureType.FUNCTION;
            return Result.<EntityRequest>ok(new CreateStoredProcedureRequest(name,
                    r.overload() > 1 ? r.name() : null, r.comment(),
                    new CreateStoredProcedureRequest.StoredProcedureCode(r.openMetadataLanguage(), r.code()), type, schemaFqn,
                    owners(r.owner()), null, null));
        });
    }

    /**
     * Why an object of an extension is not ingested: it is the extension's, not the user's. The kind
     * tells apart objects of one name (pg_stat_statements is a view and the function behind it).
     */
    static String extensionMember(String kind, String extension) {
        return kind + " of extension " + extension + " (not a user object)";
    }

    /** What a pg_class.relkind names, in words. */
    static String relationKind(String relkind) {
        return switch (relkind) {
            case "v" -> "view";
            case "m" -> "materialized view";
            case "f" -> "foreign table";
            case "p" -> "partitioned table";
            default -> "table";
        };
    }

    private List<EntityReference> owners(String owner) {
        return config.includeOwners() && owner != null ? List.of(EntityReference.byName("user", owner)) : null;
    }

    private <T> Cursor<T> open(Connection c, String sql, Cursor.RowMapper<T> rowMapper) {
        try {
            return Cursor.open(c, sql, rowMapper);
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
    }

    private synchronized Connection track(Connection c) {
        open.add(c);
        return c;
    }

    private synchronized void close(Connection c) {
        if (open.remove(c)) {
            PostgresClient.release(c);
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : open) {
            if (c instanceof Connection conn) {
                PostgresClient.release(conn);
            }
        }
        open.clear();
    }
}
