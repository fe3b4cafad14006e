package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ConnectionException.Reason;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.AutoClassificationConfig;
import io.metaingest.api.config.DatabaseFilters;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.config.ProfilerConfig;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code metaingest test-connection} for PostgreSQL. Tells apart, each with its own message: host
 * unreachable, a server that accepts the connection but never answers (a stuck pooler), authentication
 * failed, database missing, no privilege on the catalog, and the grants
 * the workflow needs: USAGE on the user schemas (the profiler and the auto-classification read their
 * tables, so there it is a failure; a metadata workflow only reads the catalog, and lineage and usage
 * leave out only the queries that name a table without its schema, so there it is a warning line, as
 * in their runs; a test suite's tests name their own tables, so its test says nothing of it), for the
 * profiler and the auto-classification SELECT on the tables they read, and
 * for lineage and usage pg_stat_statements readable with every user's query text (pg_read_all_stats).
 * The profiler, the auto-classification and test suites never read pg_stat_statements, so their test
 * says nothing of it; a metadata workflow's test (the one that sets up the service, as OpenMetadata's
 * test connection of a service does) still says whether it is readable, for the lineage and usage to come.
 */
public final class PostgresConnectionTester implements ConnectionTester {

    /** Where the workflow file sets the schema filter. */
    private static final String SCHEMA_FILTER_PATH = AppliedFilter.SOURCE_CONFIG_PATH + ".schemaFilterPattern";

    /** The catalog tables the metadata workflow reads. */
    private static final List<String> CATALOG = List.of("pg_namespace", "pg_class", "pg_attribute", "pg_type",
            "pg_constraint", "pg_proc", "pg_description", "pg_depend", "pg_rewrite");

    private final PostgresClient client;
    private final WorkflowKind kind;
    /** The relations the workflow reads: its filters, its includeViews (the grant checks look at these only). */
    private final TableScope scope;

    private final String service;
    /** The workflow's database filter as written, or null. */
    private final FilterPattern databasePattern;
    /** The databases a run with ingestAllDatabases reads, as the sources filter them. */
    private final AppliedFilter databaseFilter;
    private final boolean useFqnForFiltering;
    /** The lineage or usage workflow's condition on the query log, or null. */
    private final String filterCondition;

    /** Created by the runtime's injector, with the workflow's filters when its source config has them. */
    @Inject
    public PostgresConnectionTester(PostgresClient client, WorkflowContext context, Optional<DatabaseFilters> filters) {
        this.client = client;
        this.kind = context.kind();
        this.service = context.serviceName();
        Object config = filters.orElse(null);
        this.filterCondition = config instanceof DatabaseUsageConfig usage ? usage.filterCondition()
                : config instanceof DatabaseLineageConfig lineage ? lineage.filterCondition() : null;
        this.databasePattern = filters.map(DatabaseFilters::databaseFilterPattern).orElse(null);
        this.databaseFilter = AppliedFilter.of("databaseFilterPattern", "databases", databasePattern,
                PostgresMetadataSource.DEFAULT_DATABASE_FILTER);
        this.useFqnForFiltering = filters.orElse(null) instanceof DatabaseMetadataConfig metadata
                && metadata.useFqnForFiltering();
        this.scope = new TableScope(filters.map(DatabaseFilters::schemaFilterPattern).orElse(null),
                filters.map(DatabaseFilters::tableFilterPattern).orElse(null), includesViews(filters, kind));
    }

    /** The workflow's includeViews; without a source config, the auto-classification reads views and the profiler not. */
    private static boolean includesViews(Optional<DatabaseFilters> filters, WorkflowKind kind) {
        Object config = filters.orElse(null);
        if (config instanceof ProfilerConfig profiler) {
            return profiler.includeViews();
        }
        if (config instanceof AutoClassificationConfig classification) {
            return classification.includeViews();
        }
        return kind == WorkflowKind.AUTO_CLASSIFICATION;
    }

    /**
     * Connecting, the server version and the catalog come first, each needed by what follows: the
     * first of them that fails ends the test. The grant checks after them do not need each other, so
     * they all run and every one that fails is reported, with the lines of those that passed.
     */
    @Override
    public List<String> test() throws ConnectionException {
        String db = client.config().databaseOrDefault();
        List<String> passed = new ArrayList<>();
        List<ConnectionException> failed = new ArrayList<>();
        try (Connection c = client.open(db)) {
            passed.add("connected to database \"" + db + "\" at " + client.config().hostPort() + " as \""
                    + client.config().username() + "\"");
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery(CatalogQueries.MARKER + " SELECT current_setting('server_version')")) {
                    rs.next();
                    passed.add("server version " + rs.getString(1));
                }
                for (String table : CATALOG) {
                    try (ResultSet rs = s.executeQuery(CatalogQueries.MARKER + " SELECT 1 FROM pg_catalog." + table
                            + " LIMIT 1")) {
                        rs.next();
                    } catch (SQLException e) {
                        throw client.permission(e, db, "pg_catalog." + table);
                    }
                }
                passed.add("can read the catalog (" + String.join(", ", CATALOG) + ")");
            }
            // A lock_timeout not below statement_timeout and a database filter not applied are the loaded
            // workflow's warnings (PostgresSpec.settingWarnings), which test-connection prints before these lines.
            if (client.config().ingestAllDatabases()) {
                independent(c, () -> databaseConnect(c, db), passed, failed);
            }
            List<SchemaGrants.Missing> noUsage = SchemaGrants.missing(c, scope.schemas()).stream()
                    .filter(m -> scope.schemas().includes(m.schema())).toList();
            Optional<String> noneKept = noSchemaKept(c, db);
            // A test suite reads only the tables its tests name, which the tester is not told: a schema it
            // never reads is no concern of its, and a test on one it may not use is Aborted naming the GRANT.
            if (noneKept.isEmpty() && kind != WorkflowKind.TESTSUITE) {
                independent(c, () -> schemaUsage(noUsage, db), passed, failed);
            }
            // The runs warn of an include aimed at a pg_* schema: so does the test, with the same text.
            scope.schemas().includesNeverIngested()
                    .ifPresent(why -> passed.add(WARNING + SchemaScope.INCLUDES_PATH + ": " + why));
            // A USAGE or SELECT check about no schema would pass about nothing: the filter is what to fix.
            noneKept.filter(why -> !why.isEmpty()).ifPresent(passed::add);
            if (readsTableData() && noneKept.isEmpty()) {
                independent(c, () -> tableSelect(c, db, noUsage), passed, failed);
            }
            if (readsQueryLog() || kind == WorkflowKind.METADATA) {
                independent(c, () -> queryLog(c, db), passed, failed);
            }
            c.rollback();
        } catch (ConnectionException e) {
            failed.add(e); // a check the next ones need
        } catch (SQLException e) {
            failed.add(new ConnectionException(Reason.OTHER, "test-connection failed on database \""
                    + db + "\": " + PostgresClient.oneLine(e.getMessage()), e));
        }
        if (!failed.isEmpty()) {
            throw ConnectionException.of(failed, passed);
        }
        return passed;
    }

    /** A check's line if it passes. */
    @FunctionalInterface
    private interface Check {
        String run() throws SQLException, ConnectionException;
    }

    /**
     * Runs a check the others do not need: its failure is kept and the next checks run, on the
     * transaction as it was before the check (a statement that failed in it would abort the rest).
     */
    private static void independent(Connection c, Check check, List<String> passed, List<ConnectionException> failed)
            throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            passed.add(check.run());
            c.releaseSavepoint(before);
        } catch (ConnectionException e) {
            c.rollback(before);
            failed.add(e);
        }
    }

    /**
     * With ingestAllDatabases, CONNECT on every database the workflow's database filter keeps (as the
     * run filters them): the run reads each one, and fails on one it may not connect to.
     */
    private String databaseConnect(Connection c, String db) throws SQLException, ConnectionException {
        List<String> refused = new ArrayList<>();
        List<String> quoted = new ArrayList<>();
        String role = null;
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                + " SELECT d.datname, has_database_privilege(d.datname, 'CONNECT'), quote_ident(d.datname),"
                + " quote_ident(current_user) FROM pg_database d WHERE d.datallowconn ORDER BY d.datname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                role = rs.getString(4);
                if (databaseFilter.includes(useFqnForFiltering ? Fqn.build(service, name) : name)) {
                    total++;
                    if (!rs.getBoolean(2)) {
                        refused.add("\"" + name + "\"");
                        quoted.add(rs.getString(3));
                    }
                }
            }
        } catch (SQLException e) {
            throw client.permission(e, db, "pg_catalog.pg_database");
        }
        if (refused.isEmpty()) {
            return "may connect to " + (total == 1 ? "the one database" : "all " + total + " databases")
                    + " ingestAllDatabases reads";
        }
        boolean one = refused.size() == 1;
        throw new ConnectionException(Reason.PERMISSION, "user \"" + client.config().username()
                + "\" may not connect to " + (one ? "database " : "databases ") + String.join(", ", refused)
                + ", which ingestAllDatabases reads: run GRANT CONNECT ON DATABASE " + String.join(", ", quoted)
                + " TO " + role + ", or leave " + (one ? "it" : "them") + " out with "
                + AppliedFilter.SOURCE_CONFIG_PATH + ".databaseFilterPattern");
    }

    private boolean readsQueryLog() {
        return kind == WorkflowKind.LINEAGE || kind == WorkflowKind.USAGE;
    }

    private boolean readsTableData() {
        return kind == WorkflowKind.PROFILER || kind == WorkflowKind.AUTO_CLASSIFICATION;
    }

    /**
     * SELECT on the relations the workflow reads: those its schema and table filters and its
     * includeViews keep ({@link TableScope}, as the profiler and the auto-classification select them),
     * not an extension's, all of them, also those in {@code noUsage}'s schemas (a failure of its own):
     * the role needs both. has_table_privilege counts pg_read_all_data and ignores USAGE. Tables the role
     * may not read and views whose owner may not read theirs are two failures, each with its own fix.
     */
    private String tableSelect(Connection c, String db, List<SchemaGrants.Missing> noUsage)
            throws SQLException, ConnectionException {
        String relations = scope.includesViews() ? "tables and views" : "tables";
        long total = 0;
        List<String> unreadable = new ArrayList<>();
        Set<String> schemas = new TreeSet<>();
        // Views this role may read whose owner may not read what they read: owner -> those tables.
        List<String> ownerCannotRead = new ArrayList<>();
        java.util.Map<String, Set<String>> ownerGrants = new java.util.TreeMap<>();
        String role = null;
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + """
                 SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname), c.relkind,
                        has_table_privilege(c.oid, 'SELECT'), quote_ident(n.nspname), quote_ident(current_user),
                        CASE WHEN c.relkind = 'v' THEN ARRAY(SELECT DISTINCT format('%I.%I', rn.nspname, r.relname)
                             FROM pg_class v,\s""" + TableReadFailures.VIEW_READS + """
                             AND v.oid = c.oid AND NOT has_any_column_privilege(v.relowner, r.oid, 'SELECT')
                             ORDER BY 1) END,
                        quote_ident(pg_get_userbyid(c.relowner))
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p', 'f', 'm', 'v') AND NOT c.relispartition
                   AND NOT EXISTS (SELECT 1 FROM pg_depend e
                       WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid
                       AND e.refclassid = 'pg_extension'::regclass AND e.deptype = 'e')
                   AND\s""" + scope.schemas().sqlCondition("n.nspname") + """

                 ORDER BY 3""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                role = rs.getString(7);
                ProfileTarget relation = new ProfileTarget(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), 0, true, null, List.of());
                if (!(scope.select(relation, relation.qualified()) instanceof Result.Ok<?>)) {
                    continue; // the run leaves it out
                }
                total++;
                if (!rs.getBoolean(5)) {
                    unreadable.add(relation.qualified());
                    schemas.add(rs.getString(6));
                } else if (rs.getArray(8) != null && ((String[]) rs.getArray(8).getArray()).length > 0) {
                    List<String> tables = List.of((String[]) rs.getArray(8).getArray());
                    ownerCannotRead.add(relation.qualified() + " (owner " + rs.getString(9) + ", who may not SELECT from "
                            + String.join(", ", tables) + ")");
                    ownerGrants.computeIfAbsent(rs.getString(9), owner -> new TreeSet<>()).addAll(tables);
                }
            }
        }
        if (total == 0) {
            return WARNING + "the workflow's filters leave no " + relations + " to read in database \"" + db
                    + "\": check schemaFilterPattern and tableFilterPattern";
        }
        List<ConnectionException> failed = new ArrayList<>();
        if (!unreadable.isEmpty()) {
            List<String> named = unreadable.subList(0, Math.min(3, unreadable.size()));
            failed.add(new ConnectionException(Reason.PERMISSION, "user \"" + client.config().username()
                    + "\" may not SELECT from " + unreadable.size() + " of " + total + " " + relations + " in database \""
                    + db + "\" (" + String.join(", ", named) + (unreadable.size() > named.size() ? ", ..." : "")
                    + "), which " + readBy() + ": run GRANT SELECT ON ALL TABLES IN SCHEMA " + String.join(", ", schemas)
                    + " TO " + role + ", or GRANT pg_read_all_data TO " + role));
        }
        if (!ownerCannotRead.isEmpty()) {
            // The server checks a view's own reads with its owner's privileges: no grant to this role helps.
            List<String> named = ownerCannotRead.subList(0, Math.min(3, ownerCannotRead.size()));
            boolean one = ownerCannotRead.size() == 1;
            failed.add(new ConnectionException(Reason.PERMISSION, (one ? "view " : ownerCannotRead.size() + " views ")
                    + String.join(", ", named) + (ownerCannotRead.size() > named.size() ? ", ..." : "")
                    + " in database \"" + db + "\" " + (one ? "reads its tables with its owner's" : "read their tables with their owners'")
                    + " privileges, which "
                    + readBy() + " (no grant to user \"" + client.config().username() + "\" helps): run "
                    + ownerGrants.entrySet().stream()
                    .map(e -> "GRANT SELECT ON " + String.join(", ", e.getValue()) + " TO " + e.getKey())
                    .collect(Collectors.joining("; ")) + ", or leave " + (one ? "it" : "them")
                    + " out with tableFilterPattern"));
        }
        if (!failed.isEmpty()) {
            throw ConnectionException.of(failed, List.of());
        }
        // The grant alone does not let the role name a table in a schema it may not use: the USAGE check says so.
        String usageFirst = noUsage.isEmpty() ? "" : ", once it has USAGE on schema "
                + noUsage.stream().map(SchemaGrants.Missing::quotedSchema).collect(Collectors.joining(", "));
        return "can SELECT from " + (total == 1 ? "the one " + (scope.includesViews() ? "table or view" : "table")
                : "all " + total + " " + relations) + " the workflow reads" + usageFirst;
    }

    private String readBy() {
        return kind == WorkflowKind.AUTO_CLASSIFICATION ? "the auto-classification samples" : "the profiler reads";
    }

    /**
     * The warning line when the workflow's schema filter keeps none of the database's own schemas (those
     * of PostgreSQL left out, as the runs leave them out), empty when it keeps one; an empty line when the
     * includes are all aimed at pg_* schemas, which {@link SchemaScope#includesNeverIngested()} says already.
     */
    private Optional<String> noSchemaKept(Connection c, String db) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + " SELECT n.nspname FROM pg_namespace n"
                + " WHERE " + scope.schemas().sqlCondition("n.nspname"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (scope.schemas().includes(rs.getString(1))) {
                    return Optional.empty();
                }
                schemas.add(rs.getString(1));
            }
        }
        if (scope.schemas().includesOnlyNeverIngested()) {
            return Optional.of("");
        }
        schemas.sort(null); // by code point, whatever the database's collation
        String elsewhere = client.config().ingestAllDatabases()
                ? " (test-connection looks at this database only; the others ingestAllDatabases reads may have some)" : "";
        if (schemas.isEmpty()) {
            return Optional.of(WARNING + "database \"" + db + "\" has no schema besides PostgreSQL's own, so the"
                    + " workflow reads nothing there" + elsewhere + ": check " + ConnectionPath.of("database"));
        }
        FilterPattern filter = scope.schemas().filter();
        String patterns = Stream.of(filter.includes().isEmpty() ? "" : "includes " + filter.includes(),
                filter.excludes().isEmpty() ? "" : "excludes " + filter.excludes())
                .filter(p -> !p.isEmpty()).collect(Collectors.joining(" and "));
        List<String> named = schemas.subList(0, Math.min(3, schemas.size()));
        return Optional.of(WARNING + SCHEMA_FILTER_PATH + " keeps none of the " + schemas.size()
                + (schemas.size() == 1 ? " schema" : " schemas") + " of database \"" + db + "\" ("
                + String.join(", ", named) + (schemas.size() > named.size() ? ", ..." : "") + ") with " + patterns
                + ", so the workflow"
                + " reads nothing there" + elsewhere + ": fix its patterns, which match from the start of a schema's"
                + " name, ignoring case");
    }

    /**
     * USAGE on every schema the workflow's schema filter keeps: a failure for the workflows that read
     * the schemas' tables, a warning line for those whose run warns and goes on: the metadata one, and
     * lineage and usage, which still attribute a query that names the schema (the catalog resolves it)
     * and leave out only those that rely on the search_path, as their runs' warnings say.
     */
    private String schemaUsage(List<SchemaGrants.Missing> missing, String db) throws ConnectionException {
        if (missing.isEmpty()) {
            return "has USAGE on every schema the workflow reads";
        }
        String fix = SchemaGrants.usage(missing.stream().map(SchemaGrants.Missing::quotedSchema)
                .collect(Collectors.joining(", ")), missing.get(0).quotedRole());
        // As the GRANT writes them: "Mixed Case", dot.schema would not read as two schemas otherwise.
        String schemas = missing.stream().map(SchemaGrants.Missing::quotedSchema).collect(Collectors.joining(", "));
        if (readsQueryLog()) {
            return WARNING + "no USAGE on schema " + schemas + " in database \"" + db + "\", so queries that name "
                    + (missing.size() == 1 ? "its" : "their") + " tables without the schema are left out of "
                    + kindName() + ": run " + fix;
        }
        String needs = kind == WorkflowKind.PROFILER ? "the profiler needs to read their tables"
                : kind == WorkflowKind.AUTO_CLASSIFICATION ? "the auto-classification needs to sample their tables"
                : null;
        if (needs != null) {
            throw new ConnectionException(Reason.PERMISSION, "user \"" + client.config().username()
                    + "\" has no USAGE on schema " + schemas + " in database \"" + db + "\", which " + needs
                    + ": run " + fix);
        }
        return WARNING + "no USAGE on schema " + schemas + " (the catalog describes them, but lineage, usage"
                + " and profiling cannot read them): run " + fix;
    }

    /** pg_stat_statements: installed, readable, and showing every user's queries. */
    private String queryLog(Connection c, String db) throws SQLException, ConnectionException {
        QueryLog.Unreadable[] problem = new QueryLog.Unreadable[1];
        Optional<String> schema = QueryLog.locate(c, problem);
        if (schema.isEmpty()) {
            if (kind == WorkflowKind.USAGE) {
                throw new ConnectionException(problem[0].reason(), problem[0].usageNeeds(db));
            }
            // A caveat for query lineage (view lineage works without it), not a check that passed.
            return ConnectionTester.WARNING + problem[0].problem();
        }
        if (!readsQueryLog()) {
            return "pg_stat_statements is readable (query lineage and usage)";
        }
        Optional<String> hidden = QueryLog.othersHidden(c, kindName());
        if (hidden.isPresent()) {
            throw new ConnectionException(Reason.PERMISSION, hidden.get());
        }
        String readable = "pg_stat_statements is readable with every user's queries (pg_read_all_stats)";
        if (filterCondition == null || filterCondition.isBlank()) {
            return readable;
        }
        // The run's query with the condition and no rows: the server names a column or function the
        // condition gets wrong now rather than when the run reads the log.
        try {
            QueryLog.read(c, schema.get(), null, filterCondition, 0);
        } catch (FilterCondition.Refused refused) {
            throw new ConnectionException(Reason.SETTING, refused.getMessage(), refused);
        }
        return readable + "; the server accepts filterCondition";
    }

    private String kindName() {
        return kind == WorkflowKind.USAGE ? "usage" : "query lineage";
    }
}
