package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A catalog query read ahead on its own connection and thread, through a bounded queue. The column
 * query is the largest of the metadata workflow (one row per column of the database); reading it
 * beside the main thread lets the server work on it while the main thread maps and writes tables.
 * The connection imports the main connection's exported snapshot, so both see the same catalog.
 * Memory stays bounded by the queue's capacity.
 *
 * @param <T> the row record
 */
final class PrefetchedRows<T> implements Rows<T> {

    private static final int CAPACITY = 4 * Cursor.FETCH_SIZE;
    private static final Object END = new Object();

    private record Failure(SQLException error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Connection connection;
    private final Thread reader;
    private volatile boolean closed;
    private Object next;

    private PrefetchedRows(Connection connection, String sql, Cursor.RowMapper<T> mapper) {
        this.connection = connection;
        this.reader = new Thread(() -> readAll(sql, mapper), "metaingest-pg-prefetch");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading {@code sql} on {@code connection} (which this object then owns) in the snapshot
     * {@code snapshot} exported by the main connection. The query itself runs on the reader thread,
     * so that several read-ahead queries started one after the other run on the server side by side
     * (the column query alone takes about a second on 10,000 tables before its first row); an error
     * of the query is thrown by the first {@link #peek()}.
     */
    static <T> PrefetchedRows<T> start(Connection connection, String snapshot, String sql, Cursor.RowMapper<T> mapper)
            throws SQLException {
        if (!snapshot.matches("[0-9A-F-]+")) {
            throw new SQLException("unexpected snapshot id " + snapshot);
        }
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = connection.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
        PrefetchedRows<T> rows = new PrefetchedRows<>(connection, sql, mapper);
        rows.reader.start();
        return rows;
    }

    /** Exports the snapshot of {@code main}'s current transaction, for {@link #start}. */
    static String exportSnapshot(Connection main) throws SQLException {
        try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void readAll(String sql, Cursor.RowMapper<T> mapper) {
        Object last = END;
        try (Cursor<T> cursor = Cursor.open(connection, sql, mapper)) {
            for (T row = cursor.poll(); row != null && !closed; row = cursor.poll()) {
                queue.put(row);
            }
        } catch (SQLException e) {
            last = new Failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the consumer
            return;
        }
        try {
            // Ends the read-only transaction now: the server closes the portal (the driver defers
            // that to the next round trip) and releases the snapshot before the consumer is done.
            connection.commit();
        } catch (SQLException e) {
            if (last == END) {
                last = new Failure(e);
            }
        }
        offerQuietly(last);
    }

    private void offerQuietly(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T peek() throws SQLException {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while reading the catalog", e);
            }
        }
        if (next instanceof Failure failure) {
            throw failure.error();
        }
        return next == END ? null : (T) next;
    }

    @Override
    public T poll() throws SQLException {
        T row = peek();
        if (row != null) {
            next = null;
        }
        return row;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release on a broken connection
        }
    }
}
