/**
 * SQL query analysis shared by connectors and the runtime: {@link io.metaingest.toolkit.sql.QueryParser}
 * finds the tables a statement reads and writes with JSqlParser (a statement it cannot read is a
 * {@link io.metaingest.toolkit.sql.ParsedQuery.Unparsable} result, never an exception) and the join
 * conditions between their columns ({@link io.metaingest.toolkit.sql.ColumnJoin}), and traces which source
 * columns feed each written column ({@link io.metaingest.toolkit.sql.WrittenColumns}, with the caller's
 * {@link io.metaingest.toolkit.sql.ColumnCatalog} for {@code *}); {@link io.metaingest.toolkit.sql.TableUsage}
 * aggregates usage per table and day.
 *
 * <p>Resolving the names a statement writes into tables (an unqualified name's schema, the case
 * folding of unquoted names) is left to the caller: only the database knows its search path and
 * rules. {@link io.metaingest.toolkit.sql.TableName} therefore keeps each name as written.
 */
package io.metaingest.toolkit.sql;
