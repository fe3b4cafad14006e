package io.metaingest.toolkit.sql;

import java.util.List;
import java.util.Optional;

/**
 * The columns of the tables a statement names, as the caller's database knows them: what
 * {@link QueryParser#columnLineage} needs to expand {@code *} and {@code t.*}, to find the target
 * columns of an {@code INSERT} without a column list, and to tell which table an unqualified column
 * of a join belongs to. A table it does not know leaves those columns out; nothing is guessed.
 */
@FunctionalInterface
public interface ColumnCatalog {

    /** A catalog that knows no table: only what the statement spells out is found. */
    ColumnCatalog NONE = table -> Optional.empty();

    /**
     * The columns of {@code table}, in their order, named exactly as the database stores them; empty
     * when the table is unknown.
     */
    Optional<List<String>> columns(TableName table);
}
