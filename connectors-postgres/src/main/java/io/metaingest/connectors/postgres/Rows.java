package io.metaingest.connectors.postgres;

import java.sql.SQLException;

/**
 * Rows read one at a time with one row of look-ahead, so several sources ordered by the same key
 * can be merged.
 *
 * @param <T> the row record
 */
interface Rows<T> extends AutoCloseable {

    /** The next row without consuming it, or null at the end. */
    T peek() throws SQLException;

    /** Consumes and returns the next row, or null at the end. */
    T poll() throws SQLException;

    @Override
    void close();
}
