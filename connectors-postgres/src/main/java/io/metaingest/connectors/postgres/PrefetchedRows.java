package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A catalog query read ahead on its own connection and thread, through a bounded queue. The column
 * query is the largest of the metadata workflow (one row per column of the database); reading it
 * beside the main thread lets the server work on it while the main thread maps and writes tables.
 * The reader opens its connection itself, so the connections of several read-ahead queries are set
 * up side by side while the main thread reads the small queries; each imports the main
 * connection's exported snapshot, so all see the same catalog. When no connection of its own can be
 * opened (a server at its connection limit), the query is read on the main connection instead, in
 * the same snapshot: the same rows, only without the overlap. Memory stays bounded by the queue's
 * capacity.
 *
 * @param <T> the row record
 */
final class PrefetchedRows<T> implements Rows<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchedRows.class);
    private static final int CAPACITY = 4 * Cursor.FETCH_SIZE;
    private static final Object END = new Object();
    /** The reader died of {@link #crash}; made before, so that handing it over allocates nothing. */
    private static final Object CRASHED = new Object();

    /** Opens the reader's connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws Exception;
    }

    private record Failure(SQLException error) {
    }

    /** The reader could not open a connection of its own: read on the main connection. */
    private record Unavailable(Exception reason) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Connection main;
    private final String sql;
    private final Cursor.RowMapper<T> mapper;
    private final Thread reader;
    private volatile Connection connection;
    private volatile boolean closed;
    /** What ended the reader other than the query's own error (out of memory, a mapper's bug). */
    private volatile Throwable crash;
    private Object next;
    private Cursor<T> fallback;

    private PrefetchedRows(Connection main, String sql, Cursor.RowMapper<T> mapper, Opener opener, String snapshot) {
        this.main = main;
        this.sql = sql;
        this.mapper = mapper;
        this.reader = new Thread(() -> {
            try {
                connectAndReadAll(opener, snapshot);
            } catch (Throwable t) {
                // Handed to the consumer, which would otherwise wait for rows for ever.
                crash = t;
                offerQuietly(CRASHED);
            }
        }, "metaingest-pg-prefetch");
        this.reader.setDaemon(true);
    }

    /**
     * Starts reading {@code sql} in the snapshot {@code snapshot} exported by {@code main}, on a
     * connection that {@code opener} opens on the reader thread (and this object then owns), so that
     * several read-ahead queries started one after the other connect and run on the server side by
     * side (the column query alone reads every column of the database). An error of the query is
     * thrown by the first {@link #peek()}; when {@code opener} fails, the rows are read on
     * {@code main} from the first {@link #peek()} on, which must then be called on the thread that
     * uses {@code main}.
     */
    static <T> PrefetchedRows<T> start(Connection main, Opener opener, String snapshot, String sql,
                                       Cursor.RowMapper<T> mapper) throws SQLException {
        if (!snapshot.matches("[0-9A-F-]+")) {
            throw new SQLException("unexpected snapshot id " + snapshot);
        }
        PrefetchedRows<T> rows = new PrefetchedRows<>(main, sql, mapper, opener, snapshot);
        rows.reader.start();
        return rows;
    }

    /** Exports the snapshot of {@code main}'s current transaction, for {@link #start}. */
    static String exportSnapshot(Connection main) throws SQLException {
        // Marked as ours: a plain SELECT would reach the query log as a user's statement, for usage to count.
        try (Statement s = main.createStatement();
             ResultSet rs = s.executeQuery(OwnStatements.MARKER + " SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void connectAndReadAll(Opener opener, String snapshot) {
        Connection c;
        try {
            c = opener.open();
        } catch (Exception e) {
            offerQuietly(new Unavailable(e));
            return;
        }
        connection = c;
        if (closed) {
            closeQuietly(c);
            return;
        }
        try {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
            }
        } catch (SQLException e) {
            offerQuietly(new Failure(e));
            return;
        }
        readAll(c);
    }

    private void readAll(Connection c) {
        Object last = END;
        try (Cursor<T> cursor = Cursor.open(c, sql, mapper)) {
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
            c.commit();
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
        if (fallback != null) {
            return fallback.peek();
        }
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
        if (next == CRASHED) {
            if (crash instanceof Error error) {
                throw error;
            }
            throw crash instanceof RuntimeException e ? e : new IllegalStateException(crash);
        }
        if (next instanceof Unavailable unavailable) {
            LOG.debug("reading on the main connection: {}", unavailable.reason().getMessage());
            next = null;
            fallback = Cursor.open(main, sql, mapper);
            return fallback.peek();
        }
        return next == END ? null : (T) next;
    }

    @Override
    public T poll() throws SQLException {
        T row = peek();
        if (fallback != null) {
            return fallback.poll();
        }
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
        if (fallback != null) {
            fallback.close();
        }
        Connection c = connection;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release on a broken connection
        }
    }
}
