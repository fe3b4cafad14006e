/**
 * The PostgreSQL connector ({@link io.metaingest.connectors.postgres.PostgresSpec}).
 *
 * <h2>How it reads</h2>
 * JDBC through the PostgreSQL driver ({@link io.metaingest.connectors.postgres.PostgresClient}):
 * read-only transactions, connect and statement timeouts, {@code application_name=metaingest}.
 * The metadata workflow runs a fixed set of catalog queries per database (database, schemas,
 * relations, columns, column comments, constraints, routines: see
 * {@link io.metaingest.connectors.postgres.CatalogQueries}), each streamed with a fetch size (100 rows
 * for the first round trip, so the first rows arrive before the server has a full batch, then
 * 2,000); relations, columns, comments and constraints are ordered by relation oid and merged while
 * streaming, so memory holds one table at a time whatever the table count. The column query reads
 * each relation's columns through the catalog's (attrelid, attnum) index, so its rows stream from
 * the first relation on; what would be the same for many columns is asked once per distinct value:
 * types with their display names ({@link io.metaingest.connectors.postgres.ColumnTypes}, one round
 * trip per table that brings a type not seen before) and the names of a constraint's own columns,
 * taken from the table's columns. Table data is never read (json columns included).
 *
 * <p>The three table queries start with the database, before the small ones, and run side by side,
 * each on its own connection and read-ahead thread ({@link io.metaingest.connectors.postgres.PrefetchedRows},
 * a bounded queue), in one snapshot: the main connection runs in a REPEATABLE READ transaction and
 * exports its snapshot, the others import it, as {@code pg_dump --jobs} does. A reader that cannot
 * open a connection of its own (a server at its connection limit), or a database whose snapshot
 * cannot be exported, reads on the main connection instead, with the same result. Like pg_dump, a
 * run holds its snapshot open while it reads a database, which holds back vacuum's horizon for that
 * long.
 *
 * <h2>Decisions worth knowing</h2>
 * <ul>
 *   <li>Column defaults, identity and generated columns: OpenMetadata's column has no field for
 *   them and the description is the user's comment, so they are kept where OpenMetadata keeps DDL:
 *   with {@code includeDDL: true}, {@code schemaDefinition} of a table holds a {@code CREATE TABLE}
 *   rebuilt from the catalog rows already read (no extra query), with {@code DEFAULT},
 *   {@code GENERATED ... AS IDENTITY} and {@code GENERATED ALWAYS AS (...) STORED}. Views always
 *   carry their definition.</li>
 *   <li>Single-column primary and unique keys are column constraints, multi-column ones table
 *   constraints, foreign keys always table constraints with referred columns as FQNs (as
 *   OpenMetadata's own Postgres source does).</li>
 *   <li>Domains are typed by their base type ({@code dataTypeDisplay} keeps the domain's name);
 *   arrays are {@code ARRAY} with {@code arrayDataType}; types without a direct OpenMetadata type
 *   fall back on their PostgreSQL type category. A composite type is a {@code STRUCT} whose fields are its
 *   {@code children} (OpenMetadata's server refuses a STRUCT without them).</li>
 *   <li>Routines are named by their bare name, as OpenMetadata's own Postgres connector names them;
 *   overloads would collide there, so of the routines of one schema and name only the first by OID
 *   (the oldest) keeps the bare name and every later one is named {@code name(argument types)} (with
 *   {@code displayName} the bare name). Adding or dropping a later overload thus renames no entity
 *   (a rename would make mark-deleted soft-delete it with its curated metadata); only dropping (or
 *   dropping and creating again) the first gives its bare name to the next oldest, whose entity then
 *   carries the first's curated metadata. Not fixed here on purpose: the catalog keeps no trace of a
 *   dropped routine, so no stateless rule keeps both the bare name of a unique routine (OpenMetadata's
 *   naming) and every survivor's name across drops; naming all routines by argument types would rename
 *   every existing routine entity once. Functions that belong to an extension (PostGIS has hundreds)
 *   are not ingested.</li>
 *   <li>Schema filter ({@link io.metaingest.connectors.postgres.SchemaScope}): a pattern written out
 *   replaces the default ({@code ^information_schema$}, {@code ^pg_}) as in OpenMetadata, but never
 *   brings back PostgreSQL's own schemas: {@code pg_catalog}, {@code pg_toast}, {@code pg_temp_N} and
 *   every other {@code pg_*} schema are never read, whatever the filters, and {@code information_schema}
 *   only when an include pattern names it. They are not read at all, so they are not counted as filtered;
 *   an include pattern aimed at a {@code pg_*} schema gets one warning per run instead, on
 *   {@code source.sourceConfig.config.schemaFilterPattern.includes}, in every workflow that reads the
 *   filter (metadata, lineage, usage, profiler, auto-classification) and as a warning line of test-connection.</li>
 *   <li>Tables, views and routines that belong to an extension ({@code pg_depend} deptype 'e', e.g.
 *   pg_stat_statements' views, PostGIS' functions) are not the user's: they are counted as filtered
 *   with the extension's name, and left out of lineage and usage.</li>
 *   <li>{@code storedProcedureCode.language} uses OpenMetadata's enum: sql and plpgsql are
 *   {@code SQL}, every other language {@code External}.</li>
 *   <li>View lineage (lineage workflow only, as in OpenMetadata 1.6) comes from {@code pg_depend}
 *   records of each view's rule; column lineage from the rule's stored query tree
 *   ({@code pg_rewrite.ev_action}, see {@link io.metaingest.connectors.postgres.RuleTree}), through
 *   joins, sub-selects and CTEs. No SQL text is parsed for views.</li>
 *   <li>{@code overrideViewLineage: true} emits, before a view's edges, a
 *   {@link io.metaingest.connectors.postgres.DeleteLineageRequest} (remove the view's
 *   {@code ViewLineage}); sdk-api has no such request yet. With {@code false} edges are only added.</li>
 *   <li>Query lineage and usage come from {@code pg_stat_statements} (limited by
 *   {@code resultLimit}, narrowed by {@code filterCondition}, which the spec checks when the workflow is loaded (and the sources again before they connect):
 *   see {@link io.metaingest.connectors.postgres.FilterCondition}); the toolkit's SQL parser
 *   ({@link io.metaingest.toolkit.sql.QueryParser}, JSqlParser) finds the tables each normalized
 *   statement reads and writes (a statement it cannot read is a warning), the server resolves the
 *   names in one query ({@code parse_ident}, {@code to_regclass} on its search_path), and the
 *   toolkit's {@link io.metaingest.toolkit.sql.TableUsage} counts usage per table and day. pg_stat_statements has no
 *   timestamps, so {@code queryLogDuration} cannot be applied and usage is attributed to the day of
 *   the run (UTC).</li>
 *   <li>Our own statements never count as usage: each starts with
 *   {@link io.metaingest.connectors.postgres.CatalogQueries#MARKER} and the query log is read without
 *   them; what might lose the marker (the driver's type lookups) touches only system schemas and
 *   extension objects, which lineage and usage never name.</li>
 *   <li>Grants: test-connection names a missing {@code USAGE} on a schema the workflow's filter keeps and a missing
 *   {@code pg_read_all_stats} with the GRANT that fixes it (failures for lineage and usage, a warning
 *   line for metadata, which reads only the catalog); for the profiler and the auto-classification it
 *   fails when the role may not SELECT from tables the run would read (its filters and includeViews), counting and naming a few,
 *   with {@code GRANT SELECT ON ALL TABLES IN SCHEMA} or {@code pg_read_all_data}. In a run, a schema without USAGE is a warning
 *   with that GRANT and the run goes on: qualified names are resolved in the catalog, which needs no
 *   privilege on the schema; only unqualified names of its tables cannot be resolved.</li>
 *   <li>{@code connectionOptions} and {@code connectionArguments} are both passed to the driver as
 *   connection properties (arguments last, so they win), except {@code options} and {@code lock_timeout}:
 *   those set the server settings of our sessions ({@link io.metaingest.connectors.postgres.SessionOptions})
 *   and are merged with ours ({@code statement_timeout} 5 min, {@code lock_timeout} 10 s, {@code work_mem}
 *   64 MB) instead of replacing them; a {@code lock_timeout} the server would refuse is a configuration
 *   error, and transactions stay read-only whatever {@code options} says.</li>
 *   <li>A relation another session has locked fails alone
 *   ({@link io.metaingest.connectors.postgres.LockedRelations}): the database-wide queries stay the
 *   only path while nothing is locked (no query per relation, as the benchmarks measure, and no query
 *   of pg_locks); after a lock timeout the server is asked once which relations the locks hold back
 *   ({@link io.metaingest.connectors.postgres.LockHolders}: {@code pg_locks} for ACCESS EXCLUSIVE locks of
 *   other sessions, granted or queued, and {@code pg_depend} for the views that read them), those fail at
 *   once naming the lock and its session (pid, user, application_name; never its query text), and the
 *   rest is read in batches under savepoints. Waiting once per held-back relation cost a locked table
 *   with four views eight lock timeouts; now a run waits once, and once more only for a lock taken while
 *   it reads past the first (a batch that still waits asks again, then reads relation by relation only
 *   when no lock is found). Failing the whole run instead (an IncompleteReadException) would have kept
 *   the output honest but still dropped every table for one {@code ALTER TABLE}; isolating the relation
 *   is what a user expects. View lineage reads past a lock the same way (one wait, the views held back
 *   failed at once), where it used to fail the whole database's view lineage.</li>
 * </ul>
 *
 * <h2>Profiler and auto-classification</h2>
 * <ul>
 *   <li>The SQL runs in the sources ({@link io.metaingest.connectors.postgres.PostgresProfilerSource},
 *   {@link io.metaingest.connectors.postgres.PostgresAutoClassificationSource}), not in the
 *   {@code orm-profiler} processor OpenMetadata's files name: the runtime hands a processor one record
 *   at a time, and {@code threadCount} asks for tables read side by side
 *   ({@link io.metaingest.connectors.postgres.TableWorkers}, the toolkit's ParallelMap, one connection
 *   per worker). {@code orm-profiler} ({@link io.metaingest.connectors.postgres.PostgresOrmProfiler})
 *   passes the records on, so the documented files run unchanged and a file without it writes the same.</li>
 *   <li>A locked table costs a profiler, auto-classification or test-suite run one lock_timeout (per
 *   worker reading beside it at most), not one per table or view that reads it
 *   ({@link io.metaingest.connectors.postgres.LockedReads}, per database, shared by its workers): the
 *   first read that times out asks {@link io.metaingest.connectors.postgres.LockHolders} once, with the
 *   question for row reads (a SELECT also needs the locked table's indexes, and a view every relation
 *   it reads, through other views too; a parent its children), and the tables and views held back fail
 *   (tests: Aborted) at once with the line the metadata run writes. A later timeout asks again only for
 *   a relation not known to be held back; nothing is asked while nothing times out. The lock's holders
 *   stay as asked for the rest of the run: a lock released meanwhile still fails what it held back,
 *   which costs less than asking again before each table.</li>
 *   <li>One aggregate statement per table ({@link io.metaingest.connectors.postgres.TableProfiler}):
 *   the (sampled) rows are read once into a materialized CTE; distinct and unique counts come from
 *   one grouping per column of that CTE. Wider tables than 150 columns take one statement per 150
 *   (PostgreSQL's 1,664 result columns).</li>
 *   <li>Sampling ({@link io.metaingest.connectors.postgres.Sampling}): PERCENTAGE is block sampling
 *   ({@code TABLESAMPLE SYSTEM}, BERNOULLI would read every page); the row count of a sampled table
 *   is the catalog's estimate, since counting would read every page (a count for a table never
 *   analysed, which has none). A table of at most 1 MiB of pages is read whole under SYSTEM (BERNOULLI,
 *   when asked for, samples the rows of any table). ROWS is {@code LIMIT n}.
 *   A test suite's sample is read the same way (the data-quality package uses this class).
 *   {@code useStatistics} reads only pg_class and pg_stats (estimates as of the last ANALYZE).</li>
 *   <li>{@code timeoutSeconds} is each worker connection's {@code statement_timeout}, or the user's
 *   {@code statement_timeout} when that is shorter ({@link io.metaingest.connectors.postgres.StatementLimit},
 *   the one rule for profiler, auto-classification and test-suite sessions); a cancelled table is a
 *   recorded failure naming the setting, and the others go on.</li>
 *   <li>Auto-classification keeps the sampled rows inside the worker that read them: with
 *   {@code storeSampleData: false} they never become a record, and {@code TableSampleData}'s
 *   {@code toString} and the PII findings' reasons count values instead of quoting them. The
 *   auto-classification workflow has no {@code threadCount}; it samples four tables at once.</li>
 *   <li>PII ({@link io.metaingest.connectors.postgres.PiiClassifier}): column names score 90, values
 *   their share of matches (person names: shaped like names and corroborated by the shipped lists,
 *   {@code /pii/NAMES-SOURCE.md}); {@code PII.Sensitive} for e-mail, phone, card, IBAN, national
 *   ids, person names, credentials and birth dates, {@code PII.NonSensitive} for IP addresses and
 *   demographic attributes. Tags are sent as {@code Automated}, {@code Suggested} classification labels, as OpenMetadata's
 *   auto-classification sends them (a person confirms or rejects them in OpenMetadata).</li>
 * </ul>
 */
package io.metaingest.connectors.postgres;
