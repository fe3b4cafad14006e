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
     * ({@code SET}, {@code SELECT 1}, DDL other than CREATE TABLE / VIEW) has both lists empty.
     *
     * @param reads the tables whose rows the statement reads: FROM, JOIN, subqueries, the source of
     *     INSERT ... SELECT and CREATE TABLE ... AS, UPDATE ... FROM, DELETE ... USING, MERGE ... USING.
     *     The target of INSERT, UPDATE, DELETE or MERGE is a read only when the statement also names it
     *     elsewhere (INSERT INTO t SELECT ... FROM t).
     * @param writes the tables the statement creates or changes: INSERT, UPDATE, DELETE, MERGE and
     *     TRUNCATE targets, CREATE TABLE (with or without AS), CREATE [MATERIALIZED] VIEW
     */
    record Tables(List<TableName> reads, List<TableName> writes) implements ParsedQuery {

        /** Copies the lists. */
        public Tables {
            reads = List.copyOf(reads);
            writes = List.copyOf(writes);
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
