package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddLineageRequest.ColumnLineage;
import io.metaingest.api.entity.AddLineageRequest.LineageDetails;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.toolkit.sql.ColumnCatalog;
import io.metaingest.toolkit.sql.ColumnName;
import io.metaingest.toolkit.sql.QueryParser;
import io.metaingest.toolkit.sql.TableName;
import io.metaingest.toolkit.sql.WrittenColumns;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The lineage workflow ({@code postgres-lineage}): view and materialized-view lineage from the
 * catalog's dependency records ({@code pg_depend} on the view's {@code pg_rewrite} rule, column level
 * from the rule's stored query tree), and query lineage (CREATE TABLE AS, INSERT ... SELECT, UPDATE ...
 * FROM, MERGE, SELECT ... INTO, found by the toolkit's SQL parser) from {@code pg_stat_statements}
 * when it is installed, with column lineage where the parser traces it (INSERT ... SELECT, CREATE TABLE
 * AS, SELECT ... INTO, UPDATE's SET, MERGE; {@code *} expanded with the catalog's columns, and only columns
 * the catalog has named). Honours {@code processViewLineage}, {@code processQueryLineage},
 * {@code overrideViewLineage}, {@code parsingTimeoutLimit} (per statement) and {@code threads} (statements
 * parsed at once). In both, {@code schemaFilterPattern} and
 * {@code tableFilterPattern} decide which views and written tables get lineage (a target they leave out
 * is counted as filtered), not which tables may be their sources: a source in a schema the filter
 * leaves out keeps its edge (as OpenMetadata's lineage does: the filters select what is processed). A
 * pattern that lets none of the views and targets it was asked about through warns at the end, as metadata's does.
 */
public final class PostgresLineageSource implements Source<EntityRequest> {

    private final PostgresClient client;
    private final DatabaseLineageConfig config;
    /** Gives up on a statement after {@code parsingTimeoutLimit} seconds. Stateless and thread-safe. */
    private final QueryParser parser;
    private final String service;
    private final ConfiguredFilter databaseFilter;
    private final TableScope scope;
    private final SchemaScope schemaScope;
    private final List<Connection> open = new ArrayList<>();
    /** The from -> to pairs view lineage emitted, per database: query lineage never repeats one without its columns. */
    private final Map<String, Set<String>> viewEdges = new ConcurrentHashMap<>();

    /**
     * Created by the runtime's injector.
     *
     * @throws IllegalArgumentException when {@code filterCondition} is malformed (see {@link FilterCondition})
     */
    @Inject
    public PostgresLineageSource(PostgresClient client, DatabaseLineageConfig config, WorkflowContext context) {
        FilterCondition.check(config.filterCondition()); // a malformed condition fails here, before connecting
        this.client = client;
        this.config = config;
        this.parser = new QueryParser(config.parsingTimeoutLimit() * 1000L);
        this.service = context.serviceName();
        // Count what they let through, for the warning of a pattern that let nothing through (as metadata's).
        this.databaseFilter = ConfiguredFilter.of("databaseFilterPattern", "databases", config.databaseFilterPattern(),
                PostgresMetadataSource.DEFAULT_DATABASE_FILTER);
        this.scope = new TableScope(config.schemaFilterPattern(), config.tableFilterPattern(), true);
        this.schemaScope = scope.schemas();
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        String firstName = client.config().databaseOrDefault();
        Connection first = track(client.open(firstName));
        List<String> databases = client.databasesToRead(first);
        // As the metadata workflow: the database filter chooses among the server's databases only with
        // ingestAllDatabases; the configured database alone is read whatever it says, and a warning of the loaded
        // workflow says so (PostgresSpec.settingWarnings).
        boolean filtered = client.config().ingestAllDatabases();
        Stream<Result<EntityRequest>> records = databases.stream().flatMap(db -> {
            String dbFqn = Fqn.build(service, db);
            Optional<String> rejected = filtered ? databaseFilter.rejection(db) : Optional.empty();
            if (rejected.isPresent()) {
                return Stream.of(Result.<EntityRequest>filtered(dbFqn, rejected.get()));
            }
            Connection c;
            try {
                c = db.equals(firstName) ? first : track(client.open(db));
            } catch (ConnectionException e) {
                return Stream.of(Result.<EntityRequest>failed(dbFqn, e));
            }
            List<Supplier<Stream<Result<EntityRequest>>>> parts = new ArrayList<>();
            if (config.processViewLineage()) {
                parts.add(() -> viewLineage(c, dbFqn));
            }
            if (config.processQueryLineage()) {
                parts.add(() -> queryLineage(c, db, dbFqn));
            }
            // A failed view lineage (a lock timeout, say) must not abort the query lineage's transaction.
            return parts.stream().flatMap(part -> CatalogParts.guarded(dbFqn, () -> PostgresClient.rollback(c),
                    LockTimeout.of(client.config()), client.readTimeoutInForce(), part));
        });
        // Last, once per run as the metadata workflow does: an include aimed at a pg_* schema does nothing, and a
        // pattern that let none of the names it was asked about (databases, views, written tables) through says so.
        return Stream.concat(records, scope.noneLetThrough(databaseFilter));
    }

    /** A view; {@code qualified} is its name as SQL writes it (quoted by the server where needed). */
    private record View(long oid, String schema, String name, String qualified, String relkind, String definition,
                        String action, boolean held) {
    }

    private record Dependency(long viewOid, long sourceOid, String schema, String name, int attnum, String column) {
    }

    /**
     * View lineage; past a lock another session holds when deparsing a view's definition gives up at
     * lock_timeout: the views it holds back fail at once ({@link LockHolders}), the others are read; and past
     * a view another session dropped meanwhile, which is a warning.
     */
    private Stream<Result<EntityRequest>> viewLineage(Connection c, String dbFqn) {
        AtomicLong done = new AtomicLong();
        return LockedRelations.resumeOn(LockedRelations::isLockTimeoutOrDrop, () -> viewLineage(c, dbFqn, null, done),
                () -> PostgresClient.rollback(c), failure -> {
                    if (LockedRelations.droppedOid(failure).isPresent()) {
                        return pastDropped(c, dbFqn, failure, done);
                    }
                    LockHolders holders = LockHolders.read(c, false);
                    LockTimeout lockTimeout = LockTimeout.of(client.config());
                    return viewLineage(c, dbFqn, new Past(done.get(), holders,
                            oid -> lockTimeout.locked(failure, holders.describe(oid))), done);
                });
    }

    /**
     * The views after one another session dropped while its definition was read ({@link LockedRelations#droppedOid}):
     * a warning, then the views after it in a new snapshot (which no longer lists it), past each further drop alike.
     */
    private Stream<Result<EntityRequest>> pastDropped(Connection c, String dbFqn, SQLException dropped, AtomicLong done) {
        Result<EntityRequest> warning = Result.warning(dbFqn, "a relation (OID "
                + Long.toUnsignedString(LockedRelations.droppedOid(dropped).getAsLong()) + ") "
                + LockedRelations.DROPPED_WARNING);
        Past past = new Past(done.get(), LockHolders.NONE, oid -> null);
        return Stream.concat(Stream.of(warning), LockedRelations.resumeOn(
                e -> LockedRelations.droppedOid(e.getCause()).isPresent(), () -> viewLineage(c, dbFqn, past, done),
                () -> PostgresClient.rollback(c), again -> pastDropped(c, dbFqn, again, done)));
    }

    /** Where the read past a lock starts, what the locks hold back, and the failure of a view held back. */
    private record Past(long after, LockHolders holders, LongFunction<Throwable> heldBack) {
    }

    /** The views after {@code past} (all when null), {@code done} following the oid of the last one read. */
    private Stream<Result<EntityRequest>> viewLineage(Connection c, String dbFqn, Past past, AtomicLong done) {
        Cursor<View> views;
        Cursor<Dependency> deps;
        try {
            Cursor.RowMapper<View> view = rs -> new View(rs.getLong("oid"), rs.getString("nspname"),
                    rs.getString("relname"), rs.getString("qualified"), rs.getString("relkind"), rs.getString("viewdef"),
                    rs.getString("action"), past != null && rs.getBoolean("held"));
            if (past == null) {
                views = Cursor.open(c, LineageQueries.views(schemaScope), view);
            } else {
                Array held = c.createArrayOf("oid", past.holders().oids());
                views = Cursor.open(c, LineageQueries.viewsPast(schemaScope), view, held, held, past.after());
            }
            deps = Cursor.open(c, LineageQueries.dependencies(schemaScope), (ResultSet rs) -> new Dependency(rs.getLong("view_oid"),
                    rs.getLong("src_oid"), rs.getString("src_schema"), rs.getString("src_name"), rs.getInt("attnum"),
                    rs.getString("attname")));
        } catch (SQLException e) {
            throw new Cursor.CatalogException(e);
        }
        return views.stream().flatMap(view -> {
            List<Dependency> mine = new ArrayList<>();
            try {
                for (Dependency d = deps.peek(); d != null && Long.compareUnsigned(d.viewOid(), view.oid()) <= 0;
                     d = deps.peek()) {
                    deps.poll();
                    if (d.viewOid() == view.oid()) {
                        mine.add(d);
                    }
                }
            } catch (SQLException e) {
                throw new Cursor.CatalogException(e);
            }
            Stream<Result<EntityRequest>> edges = edges(dbFqn, view, mine, past);
            done.set(view.oid());
            return edges;
        }).onClose(deps::close);
    }

    private Stream<Result<EntityRequest>> edges(String dbFqn, View view, List<Dependency> deps, Past past) {
        String viewFqn = Fqn.append(dbFqn, view.schema(), view.name());
        if (scope.schemaRejection(view.schema()).isPresent()) {
            return Stream.empty(); // system and filtered schemas: counted by the metadata workflow, not here
        }
        Optional<String> tableRejected = scope.tableRejection(view.name());
        if (tableRejected.isPresent()) {
            return Stream.of(Result.filtered(viewFqn, tableRejected.get()));
        }
        if (view.held()) {
            return Stream.of(Result.failed(viewFqn, past.heldBack().apply(view.oid())));
        }
        List<Result<EntityRequest>> out = new ArrayList<>();
        Map<String, Set<RuleTree.ColumnRef>> columnSources = Map.of();
        try {
            columnSources = RuleTree.columnSources(view.action());
        } catch (RuntimeException e) {
            out.add(Result.warning(viewFqn, "column lineage unavailable, table lineage only: " + e.getMessage()));
        }
        Map<Long, Dependency> sources = new LinkedHashMap<>();
        Map<RuleTree.ColumnRef, String> columnNames = new HashMap<>();
        for (Dependency d : deps) {
            sources.putIfAbsent(d.sourceOid(), d);
            if (d.attnum() > 0 && d.column() != null) {
                columnNames.put(new RuleTree.ColumnRef(d.sourceOid(), d.attnum()), d.column());
            }
        }
        if (config.overrideViewLineage() && !sources.isEmpty()) {
            out.add(Result.ok(new DeleteLineageRequest(EntityReference.byFqn("table", viewFqn),
                    LineageSource.VIEW_LINEAGE)));
        }
        String kind = "m".equals(view.relkind()) ? "MATERIALIZED VIEW" : "VIEW";
        String sql = "CREATE " + kind + " " + view.qualified() + " AS\n" + view.definition();
        for (Dependency src : sources.values()) {
            String srcFqn = Fqn.append(dbFqn, src.schema(), src.name());
            viewEdges.computeIfAbsent(dbFqn, k -> ConcurrentHashMap.newKeySet()).add(srcFqn + " -> " + viewFqn);
            List<ColumnLineage> columns = ColumnLineages.of(columnSources,
                    ref -> ref.relid() == src.sourceOid() ? columnNames.get(ref) : null, srcFqn, viewFqn);
            out.add(Result.ok(AddLineageRequest.between(EntityReference.byFqn("table", srcFqn),
                    EntityReference.byFqn("table", viewFqn),
                    new LineageDetails(sql, columns, null, null, LineageSource.VIEW_LINEAGE))));
        }
        return out.stream();
    }

    private Stream<Result<EntityRequest>> queryLineage(Connection c, String db, String dbFqn) {
        try {
            QueryLog.Unreadable[] problem = new QueryLog.Unreadable[1];
            Optional<String> schema = QueryLog.locate(c, problem);
            if (schema.isEmpty()) {
                // A warning: view lineage of the same run does not need the view.
                return Stream.of(Result.warning(dbFqn, "no query lineage: " + problem[0].problem()));
            }
            // Bounded by resultLimit, so reading them all before resolving names in one query is fine.
            List<QueryLog.Statement> statements = QueryLog.read(c, schema.get(),
                    // Only statements that may write a table (the parser decides), and no view definition: its
                    // lineage, with columns, is view lineage's; a second edge without columns would replace it.
                    "s.query ~* '\\m(insert|update|merge|create|into)\\M' AND "
                            + LogStatements.notViewDefinition("s.query"),
                    config.filterCondition(), config.resultLimit());
            List<Result<EntityRequest>> out = new ArrayList<>(QueryLog.grantWarnings(c, dbFqn, schemaScope,
                    "query lineage"));
            List<QueryLog.Parsed> parsed = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (QueryLog.Parsed p : QueryLog.parse(statements, dbFqn, out, parser, config.threads())) {
                if (!p.tables().writes().isEmpty() && !p.tables().reads().isEmpty()
                        && !LogStatements.definesView(p.statement().query())) {
                    parsed.add(p);
                    names.addAll(QueryLog.written(p.tables().touched()));
                }
            }
            UsageTables tables = new UsageTables(dbFqn, scope);
            tables.resolve(c, names);
            Map<QueryLog.Table, List<String>> catalogColumns = QueryLog.columns(c, tables.resolved());
            ColumnCatalog catalog = name -> Optional.ofNullable(tables.table(name)).map(catalogColumns::get);
            Set<String> viewPairs = viewEdges.getOrDefault(dbFqn, Set.of());
            // One edge per pair of tables, in the order first seen: the first query's text, the columns of every
            // query that wrote the pair (a later query's columns are not lost to the first's edge).
            Map<String, QueryEdge> edges = new LinkedHashMap<>();
            for (QueryLog.Parsed p : parsed) {
                List<WrittenColumns> traced = parser.columnLineage(p.statement().query(), catalog);
                List<String> unresolved = p.tables().touched().stream().filter(t -> tables.table(t) == null)
                        .map(UsageTables::unresolved).toList();
                if (!unresolved.isEmpty()) {
                    // As usage counts it: filtered, with the statement's name and why, never silently dropped.
                    QueryLog.Statement s = p.statement();
                    out.add(Result.filtered(new TableQuery(s.query(), s.user(), null, service, db, null,
                            s.totalMillis(), s.calls()).key(), "no query lineage: names " + String.join("; ", unresolved)));
                }
                for (TableName written : p.tables().writes()) {
                    QueryLog.Table target = tables.table(written);
                    if (target == null || target.extension() != null) {
                        continue; // unresolved: filtered above; an extension's table is never ingested
                    }
                    String toFqn = Fqn.append(dbFqn, target.schema(), target.name());
                    // The schema's reason first: the table pattern is not asked about a table of a schema left out.
                    Optional<String> leftOut = scope.schemaRejection(target.schema())
                            .or(() -> scope.tableRejection(target.name()));
                    if (leftOut.isPresent()) {
                        out.add(Result.filtered(toFqn, "no query lineage into it: " + leftOut.get()));
                        continue;
                    }
                    for (TableName read : p.tables().reads()) {
                        QueryLog.Table source = tables.table(read);
                        // As view lineage: the schema filter picks the targets, not their sources, so a source in a
                        // schema the filter leaves out keeps its edge; system and extension tables are never
                        // ingested, so no edge could point at them.
                        if (source == null || source.equals(target) || source.extension() != null
                                || schemaScope.isSystem(source.schema())) {
                            continue;
                        }
                        String fromFqn = Fqn.append(dbFqn, source.schema(), source.name());
                        String pair = fromFqn + " -> " + toFqn;
                        if (!viewPairs.contains(pair)) {
                            List<ColumnLineage> columns = ColumnLineages.of(columnSources(traced, target, tables,
                                    catalogColumns), column -> sourceColumn(column, source, tables, catalogColumns),
                                    fromFqn, toFqn);
                            edges.computeIfAbsent(pair, k -> new QueryEdge(fromFqn, toFqn, p.statement().query()))
                                    .add(columns);
                        }
                    }
                }
            }
            edges.values().forEach(edge -> out.add(Result.ok(edge.request())));
            return out.stream();
        } catch (SQLException e) {
            return Stream.of(Result.failed(dbFqn, LockTimeout.of(client.config()).explain(e)));
        }
    }

    /** A query lineage edge: the first query's text and the column lineage of every query that wrote the pair. */
    private static final class QueryEdge {
        private final String fromFqn;
        private final String toFqn;
        private final String query;
        private final Map<String, Set<String>> columns = new LinkedHashMap<>();

        QueryEdge(String fromFqn, String toFqn, String query) {
            this.fromFqn = fromFqn;
            this.toFqn = toFqn;
            this.query = query;
        }

        /** Adds a query's column lineage; null is none. */
        void add(List<ColumnLineage> more) {
            if (more == null) {
                return;
            }
            more.forEach(c -> columns.computeIfAbsent(c.toColumn(), k -> new LinkedHashSet<>()).addAll(c.fromColumns()));
        }

        AddLineageRequest request() {
            // None is left out of the edge (null), as ColumnLineages gives it.
            List<ColumnLineage> lineage = columns.isEmpty() ? null : columns.entrySet().stream()
                    .map(e -> new ColumnLineage(List.copyOf(e.getValue()), e.getKey())).toList();
            return AddLineageRequest.between(EntityReference.byFqn("table", fromFqn), EntityReference.byFqn("table", toFqn),
                    new LineageDetails(query, lineage, null, null, LineageSource.QUERY_LINEAGE));
        }
    }

    /**
     * The column sources the parser traced for {@code target}, keyed by the target's column as the catalog
     * names it; a column the table does not have is left out.
     */
    private static Map<String, Set<ColumnName>> columnSources(List<WrittenColumns> written, QueryLog.Table target,
                                                             UsageTables tables,
                                                             Map<QueryLog.Table, List<String>> catalogColumns) {
        Map<String, Set<ColumnName>> out = new LinkedHashMap<>();
        List<String> targetColumns = catalogColumns.getOrDefault(target, List.of());
        for (WrittenColumns w : written) {
            if (target.equals(tables.table(w.table()))) {
                w.sources().forEach((to, from) -> {
                    String name = ColumnLineages.folded(to);
                    if (targetColumns.contains(name)) {
                        out.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(from);
                    }
                });
            }
        }
        return out;
    }

    /** A traced column's name when it is a column of {@code source} in the catalog, else null. */
    private static String sourceColumn(ColumnName column, QueryLog.Table source, UsageTables tables,
                                       Map<QueryLog.Table, List<String>> catalogColumns) {
        String name = ColumnLineages.folded(column);
        return source.equals(tables.table(column.table()))
                && catalogColumns.getOrDefault(source, List.of()).contains(name) ? name : null;
    }

    private synchronized Connection track(Connection c) {
        open.add(c);
        return c;
    }

    @Override
    public synchronized void close() {
        for (Connection c : open) {
            PostgresClient.release(c);
        }
        open.clear();
    }
}
