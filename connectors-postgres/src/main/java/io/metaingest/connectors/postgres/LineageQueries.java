package io.metaingest.connectors.postgres;

/**
 * The catalog queries of view lineage: views with their stored rule, and the rule's dependencies.
 * Views and their sources in system schemas or belonging to an extension are left out: they are
 * not ingested, so an edge could not point at them.
 */
final class LineageQueries {

    private LineageQueries() {
    }

    private static String notInExtension(String oid) {
        return " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = "
                + oid + " AND e.deptype = 'e')";
    }

    private static String viewFilter(SchemaScope scope) {
        return " v.relkind IN ('v', 'm') AND r.rulename = '_RETURN' AND " + scope.sqlCondition("n.nspname")
                + notInExtension("v.oid");
    }

    /** Views and materialized views with their definition and stored query tree, by oid. */
    static String views(SchemaScope scope) {
        return CatalogQueries.MARKER + """
                 SELECT v.oid, n.nspname, v.relname, format('%I.%I', n.nspname, v.relname) AS qualified, v.relkind,
                        pg_get_viewdef(v.oid, true) AS viewdef, r.ev_action::text AS action
                 FROM pg_rewrite r
                 JOIN pg_class v ON v.oid = r.ev_class
                 JOIN pg_namespace n ON n.oid = v.relnamespace
                 WHERE""" + viewFilter(scope) + " ORDER BY v.oid";
    }

    /**
     * {@link #views} after a lock timeout: the views after oid {@code ?} (a {@code bigint}), those whose
     * oid is in the {@code oid[]} parameter (held back by a lock, {@link LockHolders}) flagged
     * {@code held} and not deparsed, so that they do not wait for the lock again.
     */
    static String viewsPast(SchemaScope scope) {
        return CatalogQueries.MARKER + """
                 SELECT v.oid, n.nspname, v.relname, format('%I.%I', n.nspname, v.relname) AS qualified, v.relkind,
                        CASE WHEN v.oid <> ALL(?) THEN pg_get_viewdef(v.oid, true) END AS viewdef,
                        r.ev_action::text AS action, v.oid = ANY(?) AS held
                 FROM pg_rewrite r
                 JOIN pg_class v ON v.oid = r.ev_class
                 JOIN pg_namespace n ON n.oid = v.relnamespace
                 WHERE""" + viewFilter(scope) + " AND v.oid > ?::oid ORDER BY v.oid";
    }

    /**
     * The relations (and their columns) each view's rule depends on, from pg_depend: the server
     * records them when the view is created, so they are exact.
     */
    static String dependencies(SchemaScope scope) {
        return CatalogQueries.MARKER + """
                 SELECT r.ev_class AS view_oid, t.oid AS src_oid, tn.nspname AS src_schema, t.relname AS src_name,
                        d.refobjsubid AS attnum, a.attname
                 FROM pg_rewrite r
                 JOIN pg_class v ON v.oid = r.ev_class
                 JOIN pg_namespace n ON n.oid = v.relnamespace
                 JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                 AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
                 JOIN pg_class t ON t.oid = d.refobjid AND t.relkind IN ('r', 'p', 'f', 'v', 'm')
                 JOIN pg_namespace tn ON tn.oid = t.relnamespace
                 LEFT JOIN pg_attribute a ON d.refobjsubid > 0 AND a.attrelid = t.oid AND a.attnum = d.refobjsubid
                 WHERE""" + viewFilter(scope) + " AND " + scope.sqlCondition("tn.nspname") + notInExtension("t.oid")
                + " ORDER BY r.ev_class, t.oid, d.refobjsubid";
    }
}
