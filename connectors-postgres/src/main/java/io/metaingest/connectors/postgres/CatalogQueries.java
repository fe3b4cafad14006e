package io.metaingest.connectors.postgres;

/**
 * The catalog queries of the metadata workflow: one per kind of object and database, whatever the
 * number of schemas and tables. Relations, columns and constraints are each ordered by the
 * relation's oid so that the source can merge the three cursors while streaming them, holding one
 * table in memory at a time. Every query starts with {@value #MARKER} so that DBAs (and our tests)
 * can find them in {@code pg_stat_statements}.
 */
final class CatalogQueries {

    /** A comment that starts every catalog query ({@link OwnStatements}). */
    static final String MARKER = OwnStatements.MARKER;

    private CatalogQueries() {
    }

    /**
     * The relations we ingest: tables of every kind and views, without partition children and
     * without the system schemas the scope leaves out.
     */
    private static String relationFilter(SchemaScope scope) {
        return "c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND " + scope.sqlCondition("n.nspname");
    }

    /**
     * The objects of catalog {@code catalog} that belong to an extension (pg_depend's deptype 'e'),
     * with the extension's name, to join on {@code objid}.
     */
    private static String extensionMembers(String catalog) {
        return "(SELECT e.objid, x.extname FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid"
                + " WHERE e.classid = '" + catalog + "'::regclass AND e.refclassid = 'pg_extension'::regclass"
                + " AND e.deptype = 'e')";
    }

    static final String DATABASES = MARKER + """
             SELECT d.datname FROM pg_database d WHERE d.datallowconn ORDER BY d.datname""";

    static final String DATABASE = MARKER + """
             SELECT d.datname, shobj_description(d.oid, 'pg_database') AS description,
                    pg_get_userbyid(d.datdba) AS owner
             FROM pg_database d WHERE d.datname = current_database()""";

    static String schemas(SchemaScope scope) {
        return MARKER + """
                 SELECT n.nspname, d.description, pg_get_userbyid(n.nspowner) AS owner
                 FROM pg_namespace n
                 LEFT JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass
                 WHERE""" + " " + scope.sqlCondition("n.nspname") + " ORDER BY n.nspname";
    }

    /**
     * The condition that restricts {@link #relations}, {@link #columns} and {@link #constraints} to
     * some relations: their oids as the one parameter, an {@code oid[]} ({@link LockedRelations}).
     */
    static final String ONLY = "c.oid = ANY(?)";

    /**
     * Relations, with the extension each belongs to (their view definitions are not deparsed), and for
     * the DDL their persistence, the tables they inherit from and a foreign table's server and its own
     * options (never a user mapping's, which hold passwords).
     */
    static String relations(SchemaScope scope, boolean ddl) {
        return relations(scope, ddl, null);
    }

    /**
     * The relations after the one of oid {@code ?} (a {@code bigint}), in oid order, with only what
     * deciding whether to read them needs: their names, kinds and extension. Nothing here takes a lock
     * on a relation (PostgreSQL's deparsing functions do; see {@link LockedRelations}).
     */
    static String relationsAfter(SchemaScope scope) {
        return MARKER + """
                 SELECT c.oid, n.nspname, c.relname, c.relkind, ext.extname
                 FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN """ + extensionMembers("pg_class") + " ext ON ext.objid = c.oid"
                + " WHERE " + relationFilter(scope) + " AND c.oid > ?::oid ORDER BY c.oid";
    }

    /**
     * {@link #relations(SchemaScope, boolean)}, restricted by {@code only} ({@link #ONLY}) unless it is null.
     * Without {@code ddl} the parents a table inherits from and a foreign table's server are not read: a
     * subquery per relation that only the DDL needs.
     */
    static String relations(SchemaScope scope, boolean ddl, String only) {
        return MARKER + """
                 SELECT c.oid, n.nspname, c.relname, c.relkind, d.description,
                        pg_get_userbyid(c.relowner) AS owner,
                        format('%I.%I', n.nspname, c.relname) AS qualified,
                        CASE WHEN c.relkind IN ('v', 'm') AND ext.extname IS NULL
                             THEN pg_get_viewdef(c.oid, true) END AS viewdef,
                        pt.partstrat,
                        CASE WHEN pt.partrelid IS NOT NULL THEN ARRAY(
                            SELECT a.attname FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ORDER BY k.ord) END AS partcols,
                        CASE WHEN pt.partrelid IS NOT NULL THEN pg_get_partkeydef(c.oid) END AS partkeydef,
                        pol.policies, ext.extname, c.relpersistence,
                        """ + (ddl ? DDL_RELATION_COLUMNS : "NULL::text[] AS inherits, NULL::text AS foreign_server") + """

                 FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
                 LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
                 LEFT JOIN (SELECT polrelid, array_agg(polname::text ORDER BY polname) AS policies
                            FROM pg_policy GROUP BY polrelid) pol ON pol.polrelid = c.oid
                 LEFT JOIN """ + extensionMembers("pg_class") + " ext ON ext.objid = c.oid"
                + " WHERE " + relationFilter(scope) + and(only) + " ORDER BY c.oid";
    }

    /** The parents a table inherits from and a foreign table's server and its own options, for the DDL. */
    private static final String DDL_RELATION_COLUMNS = """
            ARRAY(SELECT format('%I.%I', pn.nspname, p.relname) FROM pg_inherits i
                  JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                  WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS inherits,
            CASE WHEN c.relkind = 'f' THEN (
                SELECT 'SERVER ' || quote_ident(fs.srvname) || coalesce(' OPTIONS (' || (
                    SELECT string_agg(quote_ident(o.option_name) || ' ' || quote_literal(o.option_value), ', ')
                    FROM pg_options_to_table(ft.ftoptions) o) || ')', '')
                FROM pg_foreign_table ft JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
                WHERE ft.ftrelid = c.oid) END AS foreign_server""";

    private static String and(String only) {
        return only == null ? "" : " AND " + only;
    }

    /**
     * Columns in relation order, each relation's columns read through the (attrelid, attnum) index,
     * so rows stream as they are found and the client maps tables while the server reads on. What
     * the server would otherwise repeat for every column is asked once per distinct value instead:
     * types and their display names ({@link #TYPES}, by type and typmod), and column comments
     * ({@link #COLUMN_COMMENTS}, only the columns that have one). Joining pg_type here made
     * PostgreSQL hash all of pg_type and sort every column of the database before the first row
     * (a second on 10,000 tables, while the client waited). Nothing here reads table data. What only
     * the DDL needs (quoted names, defaults, identity and generated columns; deparsing defaults is
     * the most expensive part) is read only when {@code ddl} is asked for.
     */
    static String columns(SchemaScope scope, boolean ddl) {
        return columns(scope, ddl, null);
    }

    /** {@link #columns(SchemaScope, boolean)}, restricted by {@code only} ({@link #ONLY}) unless it is null. */
    static String columns(SchemaScope scope, boolean ddl, String only) {
        String ddlColumns = ddl
                ? "quote_ident(a.attname) AS quoted, pg_get_expr(ad.adbin, ad.adrelid) AS default_expr,"
                        + " a.attidentity, a.attgenerated, a.attislocal"
                : "NULL::text AS quoted, NULL::text AS default_expr, NULL::\"char\" AS attidentity,"
                        + " NULL::\"char\" AS attgenerated, true AS attislocal";
        // The subquery's ORDER BY keeps PostgreSQL from flattening it into a join it could hash; the
        // order within a relation is not relied on (the source sorts each relation's columns).
        return MARKER + """
                 SELECT c.oid AS attrelid, a.attnum, a.attname, a.attnotnull, a.atttypid, a.atttypmod,
                        a.quoted, a.default_expr, a.attidentity, a.attgenerated, a.attislocal
                 FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 CROSS JOIN LATERAL (
                     SELECT a.attnum, a.attname, a.attnotnull, a.atttypid, a.atttypmod,
                            """ + ddlColumns + """

                     FROM pg_attribute a
                     """ + (ddl ? "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n" : "") + """
                     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     ORDER BY a.attnum) a
                 WHERE""" + " " + relationFilter(scope) + and(only)
                + " ORDER BY c.oid";
    }

    /**
     * The comments of columns, by relation oid: only the columns that have one, so a separate
     * query costs far less than a join for every column (a fifth of the column query's server time
     * on 10,000 tables). Comments of relations outside the scope are skipped by the merge.
     */
    static final String COLUMN_COMMENTS = MARKER + """
             SELECT d.objoid, d.objsubid, d.description FROM pg_description d
             WHERE d.classoid = 'pg_class'::regclass AND d.objsubid > 0 ORDER BY d.objoid, d.objsubid""";

    /** {@link #COLUMN_COMMENTS} of the relations whose oids are the one parameter, an {@code oid[]}. */
    static final String COLUMN_COMMENTS_OF = MARKER + """
             SELECT d.objoid, d.objsubid, d.description FROM pg_description d
             WHERE d.classoid = 'pg_class'::regclass AND d.objsubid > 0 AND d.objoid = ANY(?)
             ORDER BY d.objoid, d.objsubid""";

    private static final String TYPE_COLUMNS = """
             SELECT u.oid, u.typmod, format_type(u.oid, u.typmod) AS display,
                    t.typtype = 'd' AS domain, coalesce(b.typmod, t.typtypmod) AS typtypmod,
                    coalesce(bt.typname, t.typname) AS typname,
                    coalesce(bt.typtype, t.typtype) AS typtype,
                    coalesce(bt.typcategory, t.typcategory) AS typcategory,
                    coalesce(ebt.typname, et.typname) AS elem_typname, coalesce(ebt.typtype, et.typtype) AS elem_typtype,
                    coalesce(ebt.typcategory, et.typcategory) AS elem_typcategory,
                    coalesce(eb.typmod, -1) AS elem_typtypmod,
                    fields.names AS field_names, fields.types AS field_types, fields.typmods AS field_typmods
            """;

    /**
     * The type a domain is ultimately based on, through domains over domains, with the first typmod
     * found on the way (only the domain over a real type can carry one); no row for a non-domain.
     */
    private static String domainBase(String type) {
        return " (WITH RECURSIVE walk(base, typmod, depth) AS ("
                + " SELECT d.typbasetype, d.typtypmod, 1 FROM pg_type d WHERE d.oid = " + type + " AND d.typtype = 'd'"
                + " UNION ALL"
                + " SELECT d.typbasetype, CASE WHEN w.typmod <> -1 THEN w.typmod ELSE d.typtypmod END, w.depth + 1"
                + " FROM walk w JOIN pg_type d ON d.oid = w.base WHERE d.typtype = 'd')"
                + " SELECT base AS oid, typmod FROM walk ORDER BY depth DESC LIMIT 1)";
    }

    // An array's element may itself be a domain (posint[]): typed by its base like a domain column.
    private static final String TYPE_JOINS = "\n JOIN pg_type t ON t.oid = u.oid"
            + "\n LEFT JOIN LATERAL" + domainBase("t.oid") + " b ON true"
            + "\n LEFT JOIN pg_type bt ON bt.oid = b.oid"
            + "\n LEFT JOIN pg_type et ON coalesce(bt.typcategory, t.typcategory) = 'A'"
            + " AND et.oid = coalesce(bt.typelem, t.typelem)"
            + "\n LEFT JOIN LATERAL" + domainBase("et.oid") + " eb ON true"
            + "\n LEFT JOIN pg_type ebt ON ebt.oid = eb.oid"
            // A composite type's fields, in order (dropped ones left out), typed like columns.
            + "\n LEFT JOIN LATERAL (SELECT array_agg(f.attname::text ORDER BY f.attnum) AS names,"
            + " array_agg(f.atttypid ORDER BY f.attnum) AS types, array_agg(f.atttypmod ORDER BY f.attnum) AS typmods"
            + " FROM pg_attribute f WHERE f.attrelid = coalesce(bt.typrelid, t.typrelid)"
            + " AND coalesce(bt.typtype, t.typtype) = 'c' AND f.attnum > 0 AND NOT f.attisdropped) fields ON true";

    /**
     * Column types as the mapping needs them, for the pairs of type oid ({@code ?}: an
     * {@code oid[]}) and typmod (the second {@code ?}: an {@code int4[]}): the display name
     * ({@code format_type}); a domain with its base type's name, kind and category and its own
     * typmod; an array with its element type (a domain's base, with the domain's typmod).
     */
    static final String TYPES = MARKER + TYPE_COLUMNS + " FROM unnest(?, ?) AS u(oid, typmod)" + TYPE_JOINS;

    /** {@link #TYPES} for every pair of type and typmod that a column in the scope uses. */
    static String allTypes(SchemaScope scope) {
        return MARKER + TYPE_COLUMNS + " FROM (SELECT DISTINCT a.atttypid, a.atttypmod FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE a.attnum > 0 AND NOT a.attisdropped AND " + relationFilter(scope) + ") AS u(oid, typmod)"
                + TYPE_JOINS;
    }


    /**
     * Primary, unique and foreign-key constraints, and with {@code ddl} check constraints and the
     * constraint definitions, which only feed the DDL and cost a catalog lookup each. A constraint's
     * own columns come as attnums, named on the client from the relation's columns (looking each up
     * here took two fifths of the query's server time on 10,000 tables); only a foreign key's
     * referenced columns, of another relation, are named here. A key with a parent
     * ({@code conparentid}) is PostgreSQL's clone of it: one per partition of a partitioned table the
     * key references, naming partitions, which are not ingested; the parent key names the table itself.
     */
    static String constraints(SchemaScope scope, boolean ddl) {
        return constraints(scope, ddl, null);
    }

    /** {@link #constraints(SchemaScope, boolean)}, restricted by {@code only} ({@link #ONLY}) unless it is null. */
    static String constraints(SchemaScope scope, boolean ddl, String only) {
        return MARKER + """
                 SELECT k.conrelid, k.contype, k.conname,
                        """ + (ddl ? "quote_ident(k.conname)" : "NULL::text") + " AS quoted, "
                + (ddl ? "pg_get_constraintdef(k.oid, true)\n" : "NULL::text\n") + """
                 AS definition, k.conislocal, k.conkey AS cols,
                        fn.nspname AS ref_schema, fc.relname AS ref_table,
                        CASE WHEN k.contype = 'f'""" + " THEN " + keyColumnNames("k.confkey", "k.confrelid") + """
                 END AS ref_cols
                 FROM pg_constraint k
                 JOIN pg_class c ON c.oid = k.conrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_class fc ON fc.oid = k.confrelid
                 LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                 WHERE k.contype IN ('p', 'u', 'f'""" + (ddl ? ", 'c'" : "") + """
                 ) AND k.conparentid = 0 AND """ + " " + relationFilter(scope) + and(only)
                + " ORDER BY k.conrelid, k.contype, k.conname";
    }

    /**
     * The names of a key's columns in key order. One index lookup per key column: a join of the key
     * with pg_attribute read every column of the table for each constraint (two thirds of the
     * query's server time on 10,000 tables).
     */
    private static String keyColumnNames(String key, String relation) {
        return "ARRAY(SELECT (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = " + relation
                + " AND a.attnum = u.attnum) FROM unnest(" + key + ") WITH ORDINALITY AS u(attnum, ord) ORDER BY u.ord)";
    }

    /**
     * Procedures and functions, with the extension each belongs to (PostGIS alone has hundreds; their
     * code is not deparsed), without aggregates and window functions, which have no body to show.
     * {@code overload} is the routine's place among the user routines of its schema and name, by OID
     * (creation order): 1 for the first, which keeps the bare name whatever overloads come and go.
     */
    static String routines(SchemaScope scope) {
        return MARKER + """
                 SELECT n.nspname, p.proname, p.prokind, l.lanname,
                        pg_get_function_identity_arguments(p.oid) AS args,
                        row_number() OVER (PARTITION BY p.pronamespace, p.proname, ext.extname IS NULL
                                           ORDER BY p.oid) AS overload,
                        d.description, pg_get_userbyid(p.proowner) AS owner,
                        CASE WHEN ext.extname IS NULL THEN pg_get_functiondef(p.oid) END AS code, ext.extname
                 FROM pg_proc p
                 JOIN pg_namespace n ON n.oid = p.pronamespace
                 JOIN pg_language l ON l.oid = p.prolang
                 LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
                 LEFT JOIN """ + extensionMembers("pg_proc") + " ext ON ext.objid = p.oid"
                + " WHERE p.prokind IN ('f', 'p') AND " + scope.sqlCondition("n.nspname")
                + " ORDER BY n.nspname, p.proname, args";
    }
}
