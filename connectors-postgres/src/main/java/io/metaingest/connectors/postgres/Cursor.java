package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A forward-only, streamed result set whose rows are mapped to records one at a time, with one row
 * of look-ahead so that several cursors ordered by the same key can be merged.
 *
 * @param <T> the row record
 */
final class Cursor<T> implements Rows<T> {

    /** Rows fetched per round trip: enough to amortise latency, small enough to keep memory flat. */
    static final int FETCH_SIZE = 2_000;

    /**
     * Rows of the first round trip: the server answers once it has them, so the first rows reach
     * the consumer before the server has computed a full batch (on 1,000 relations the relation
     * query's first 2,000 rows were all of them, and mapping waited 70 ms for them).
     */
    static final int FIRST_FETCH_SIZE = 100;

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final PreparedStatement statement;
    private final ResultSet rs;
    private final RowMapper<T> mapper;
    private T next;
    private boolean done;

    private Cursor(PreparedStatement statement, ResultSet rs, RowMapper<T> mapper) {
        this.statement = statement;
        this.rs = rs;
        this.mapper = mapper;
    }

    /** Runs {@code sql} with a fetch size (the connection must not be in auto-commit for it to stream). */
    static <T> Cursor<T> open(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            ps.setFetchSize(FIRST_FETCH_SIZE);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ResultSet rs = ps.executeQuery();
            rs.setFetchSize(FETCH_SIZE);
            return new Cursor<>(ps, rs, mapper);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    @Override
    public T peek() throws SQLException {
        if (next == null && !done) {
            if (rs.next()) {
                next = mapper.map(rs);
            } else {
                done = true;
            }
        }
        return next;
    }

    @Override
    public T poll() throws SQLException {
        T row = peek();
        next = null;
        return row;
    }

    @Override
    public void close() {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing a cursor on a broken connection: nothing left to release
        }
    }

    /** A catalog query failed while streaming. */
    static final class CatalogException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CatalogException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
