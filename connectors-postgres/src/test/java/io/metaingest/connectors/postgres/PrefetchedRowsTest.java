package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Read-ahead on a second connection: same snapshot, every row in order, errors surface in place. */
class PrefetchedRowsTest {

    private final TestPg pg = TestPg.get();

    private Connection readOnly(String db) throws SQLException {
        Connection c = pg.jdbc(db);
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        return c;
    }

    @Test
    void deliversEveryRowInOrderFromTheExportedSnapshot() throws Exception {
        String db = pg.database("prefetch_rows", false, "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 20000)");
        try (Connection main = readOnly(db)) {
            String snapshot = PrefetchedRows.exportSnapshot(main);
            // A row added after the snapshot was taken must not be seen by the reader.
            pg.execute(db, "INSERT INTO t VALUES (20001)");
            List<Integer> seen = new ArrayList<>();
            try (PrefetchedRows<Integer> rows = PrefetchedRows.start(main, () -> readOnly(db), snapshot,
                    "SELECT n FROM t ORDER BY n", rs -> rs.getInt(1))) {
                for (Integer n = rows.poll(); n != null; n = rows.poll()) {
                    seen.add(n);
                }
                assertThat(rows.peek()).isNull();
            }
            assertThat(seen).hasSize(20000).startsWith(1, 2, 3).endsWith(20000);
        }
    }

    @Test
    void aFailureMidStreamSurfacesAfterTheRowsBeforeIt() throws Exception {
        String db = pg.database("prefetch_fail", false, "SELECT 1");
        try (Connection main = readOnly(db)) {
            String snapshot = PrefetchedRows.exportSnapshot(main);
            try (PrefetchedRows<Integer> rows = PrefetchedRows.start(main, () -> readOnly(db), snapshot,
                    "SELECT x / (5000 - x + 1) FROM generate_series(1, 10000) x", rs -> rs.getInt(1))) {
                int[] delivered = {0};
                assertThatThrownBy(() -> {
                    while (rows.poll() != null) {
                        delivered[0]++; // until the division by zero at x = 5001, past the first fetches
                    }
                }).isInstanceOf(SQLException.class).hasMessageContaining("division by zero");
                assertThat(delivered[0]).isGreaterThanOrEqualTo(2 * Cursor.FETCH_SIZE).isLessThanOrEqualTo(5000);
            }
        }
    }

    /** The reader dying of something other than the query's error (out of memory, say) is the consumer's to see. */
    @Test
    @Timeout(30) // a safety net: before the fix the consumer waited for a row for ever
    void aReaderThatDiesHandsItsErrorToTheConsumerInsteadOfLeavingItWaiting() throws Exception {
        String db = pg.database("prefetch_crash", false, "SELECT 1");
        try (Connection main = readOnly(db)) {
            String snapshot = PrefetchedRows.exportSnapshot(main);
            try (PrefetchedRows<Integer> rows = PrefetchedRows.start(main, () -> readOnly(db), snapshot,
                    "SELECT x FROM generate_series(1, 3) x", rs -> {
                        if (rs.getInt(1) == 2) {
                            throw new OutOfMemoryError("Java heap space");
                        }
                        return rs.getInt(1);
                    })) {
                assertThatThrownBy(() -> {
                    while (rows.poll() != null) {
                        // the first row, then the reader's error
                    }
                }).isInstanceOf(OutOfMemoryError.class).hasMessage("Java heap space");
            }
        }
    }

    @Test
    @Timeout(30) // a start that waited for the query would wait for ever on the lock this thread holds
    void theQueryRunsOnTheReaderSoStartDoesNotWaitForItAndItsErrorComesWithTheFirstRow() throws Exception {
        String db = pg.database("prefetch_async", false, "SELECT 1");
        try (Connection main = readOnly(db); Connection blocker = readOnly(db)) {
            String snapshot = PrefetchedRows.exportSnapshot(main);
            // Held by another session: the reader's query waits on it, and start must still return.
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("SELECT pg_advisory_xact_lock(42)");
            try (PrefetchedRows<Integer> rows = PrefetchedRows.start(main, () -> readOnly(db), snapshot,
                    "SELECT CASE WHEN pg_advisory_xact_lock(42) IS NULL THEN 1 / 0 ELSE 1 / 0 END", rs -> rs.getInt(1))) {
                blocker.rollback(); // releases the lock: only now can the reader's query run
                assertThatThrownBy(rows::peek).isInstanceOf(SQLException.class).hasMessageContaining("division by zero");
            }
        }
    }

    @Test
    void withoutAConnectionOfItsOwnTheRowsAreReadOnTheMainConnectionInItsSnapshot() throws Exception {
        String db = pg.database("prefetch_fallback", false, "CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 5000)");
        try (Connection main = readOnly(db)) {
            String snapshot = PrefetchedRows.exportSnapshot(main);
            pg.execute(db, "INSERT INTO t VALUES (5001)"); // after the snapshot: not seen
            List<Integer> seen = new ArrayList<>();
            try (PrefetchedRows<Integer> rows = PrefetchedRows.start(main, () -> {
                throw new SQLException("sorry, too many clients already");
            }, snapshot, "SELECT n FROM t ORDER BY n", rs -> rs.getInt(1))) {
                for (Integer n = rows.poll(); n != null; n = rows.poll()) {
                    seen.add(n);
                }
                assertThat(rows.peek()).isNull();
            }
            assertThat(seen).hasSize(5000).startsWith(1, 2).endsWith(5000);
        }
    }

    @Test
    void rejectsAnUnexpectedSnapshotId() throws Exception {
        String db = pg.database("prefetch_bad", false, "SELECT 1");
        try (Connection c = readOnly(db)) {
            assertThatThrownBy(() -> PrefetchedRows.start(c, () -> readOnly(db), "x'; DROP TABLE t; --", "SELECT 1",
                    rs -> 1))
                    .isInstanceOf(SQLException.class).hasMessageContaining("unexpected snapshot id");
        }
    }
}
