package io.metaingest.toolkit.sql;

import java.util.List;
import java.util.Objects;

/**
 * What {@link QueryParser} found in a statement: the tables it reads and writes, or why it could not
 * be parsed. Never an exception, so a caller records an {@link Unparsable} as a warning and goes on.
 */
public sealed interface ParsedQuery permits ParsedQuery.Tables, ParsedQuery.Unparsable {

    /**
     * The tables of a statement that parsed, each listed once, in the order the statement names them.
     * Common table expressions are not tables and never appear. A statement that touches no table
     * ({@code SET}, {@code SELECT 1}, DDL other than CREATE TABLE / VIEW such as COMMENT ON, ALTER or
     * DROP, which name tables but move no rows) has both lists empty.
     *
     * @param reads the tables whose rows the statement reads: FROM, JOIN, subqueries, the source of
     *     INSERT ... SELECT and CREATE TABLE ... AS, UPDATE ... FROM, DELETE ... USING, MERGE ... USING.
     *     The target of INSERT, UPDATE, DELETE or MERGE is a read only when the statement also names it
     *     elsewhere (INSERT INTO t SELECT ... FROM t).
     * @param writes the tables the statement creates or changes: INSERT, UPDATE, DELETE, MERGE and
     *     TRUNCATE targets, CREATE TABLE (with or without AS), CREATE [MATERIALIZED] VIEW
     * @param created the writes the text brings into being: CREATE TABLE (temporary or not),
     *     CREATE [MATERIALIZED] VIEW and SELECT ... INTO targets; a subset of {@code writes}
     * @param joins every join condition between two tables' columns, one per occurrence, in the order
     *     written: {@code a.x = b.y} in {@code JOIN ... ON} or {@code WHERE} (both sides qualified, as
     *     OpenMetadata's parser takes them), and {@code JOIN ... USING (c)}; a side that cannot be traced
     *     to one table's column leaves the condition out
     */
    record Tables(List<TableName> reads, List<TableName> writes, List<TableName> created, List<ColumnJoin> joins)
            implements ParsedQuery {

        /** Copies the lists. */
        public Tables {
            reads = List.copyOf(reads);
            writes = List.copyOf(writes);
            created = List.copyOf(created);
            joins = List.copyOf(joins);
        }

        /** Tables without joins: a statement that joins nothing. */
        public Tables(List<TableName> reads, List<TableName> writes, List<TableName> created) {
            this(reads, writes, created, List.of());
        }

        /**
         * The reads that the text does not create itself: what a multi-statement script (a BI tool's
         * SQL with its intermediate tables, an ETL job's staging tables) takes from outside. A read
         * is left out when the text creates a table of the same database, schema and name, whichever
         * statement comes first.
         */
        public List<TableName> sources() {
            java.util.Set<List<String>> made = new java.util.HashSet<>();
            created.forEach(t -> made.add(t.parts()));
            return reads.stream().filter(t -> !made.contains(t.parts())).toList();
        }

        /** Writes then reads, each table once (by its written name): every table the statement touches. */
        public List<TableName> touched() {
            java.util.Map<String, TableName> all = new java.util.LinkedHashMap<>();
            writes.forEach(t -> all.putIfAbsent(t.written(), t));
            reads.forEach(t -> all.putIfAbsent(t.written(), t));
            return List.copyOf(all.values());
        }
    }

    /**
     * A statement the parser could not read.
     *
     * @param reason one line saying where parsing stopped, for a warning
     */
    record Unparsable(String reason) implements ParsedQuery {

        /** Requires a reason. */
        public Unparsable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
