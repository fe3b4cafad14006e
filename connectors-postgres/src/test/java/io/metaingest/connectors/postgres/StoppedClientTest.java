package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A process killed while one of its statements runs (SIGKILL, the OOM killer: its connections just vanish,
 * nothing cancels the statement) does not leave it running on the server until it ends: the server checks
 * every {@value PostgresClient#CLIENT_CHECK_INTERVAL} that the client is still there and gives it up.
 */
class StoppedClientTest {

    @Test
    void aStatementWhoseClientVanishedIsGivenUp() throws Exception {
        TestPg pg = TestPg.get();
        String db = pg.database("stopped_client", false);
        int backend;
        // The stopped-server tests' proxy, with a marker no statement here sends: it only forwards, and closing it cuts
        // every connection at once, as a killed process does.
        try (StoppedServerTest.FreezingProxy cable = new StoppedServerTest.FreezingProxy(pg.hostPort(), "no statement sends this")) {
            Connection c = new PostgresClient(PostgresConnection.of(cable.hostPort(), pg.user(), pg.password(), db))
                    .open(db);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getInt(1);
            }
            Thread running = new Thread(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_sleep(60)");
                } catch (SQLException cut) {
                    // the cable is cut under it
                }
            });
            running.setDaemon(true);
            running.start();
            try (Connection admin = pg.jdbc(db)) {
                awaitState(admin, backend, "active", Duration.ofSeconds(10));
            }
        } // the cable is cut while pg_sleep(60) runs
        try (Connection admin = pg.jdbc(db)) {
            assertThat(awaitState(admin, backend, null, Duration.ofSeconds(20)))
                    .as("the statement was given up well before its 60 seconds").isTrue();
        }
    }

    /** Polls until backend {@code pid} is in {@code state} (null: gone); whether it got there in {@code time}. */
    private static boolean awaitState(Connection admin, int pid, String state, Duration time) throws Exception {
        Instant end = Instant.now().plus(time);
        while (Instant.now().isBefore(end)) {
            try (Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT state FROM pg_stat_activity WHERE pid = " + pid)) {
                String now = rs.next() ? rs.getString(1) : null;
                if (state == null ? now == null : state.equals(now)) {
                    return true;
                }
            }
            Thread.onSpinWait(); // each round trip paces the poll of the server's own view
        }
        return false;
    }
}
