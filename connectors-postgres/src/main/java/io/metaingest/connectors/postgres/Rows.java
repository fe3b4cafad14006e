package io.metaingest.connectors.postgres;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

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

    /** The rows as a lazy stream that closes this cursor when closed. */
    default Stream<T> stream() {
        Iterator<T> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return peek() != null;
                } catch (SQLException e) {
                    throw new Cursor.CatalogException(e);
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return poll();
                } catch (SQLException e) {
                    throw new Cursor.CatalogException(e);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(this::close);
    }

}
