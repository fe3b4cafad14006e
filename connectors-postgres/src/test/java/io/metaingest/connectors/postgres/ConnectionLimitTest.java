package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.entity.CreateTableProfileRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More workers than the server lets the role connect: the run caps them, and a worker refused
 * anyway (SQLSTATE 53300) shares the others' connections; every table is profiled, none fails.
 */
class ConnectionLimitTest {

    static final String ROLE = "conn_limited";
    static final String PASSWORD = "limited-pw";
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        StringBuilder tables = new StringBuilder("CREATE SCHEMA cl;");
        for (int i = 1; i <= 6; i++) {
            tables.append("CREATE TABLE cl.t").append(i).append(" (id int); INSERT INTO cl.t").append(i)
                    .append(" VALUES (").append(i).append(");");
        }
        db = pg.database("conn_limit_test", false, tables + "DROP ROLE IF EXISTS " + ROLE + "; CREATE ROLE " + ROLE
                + " LOGIN PASSWORD '" + PASSWORD + "'; GRANT USAGE ON SCHEMA cl TO " + ROLE
                + "; GRANT SELECT ON ALL TABLES IN SCHEMA cl TO " + ROLE);
    }

    static PostgresClient client() {
        return new PostgresClient(PostgresConnection.of(pg.hostPort(), ROLE, PASSWORD, db));
    }

    static Connection roleSession() throws Exception {
        return DriverManager.getConnection(client().jdbcUrl(db), ROLE, PASSWORD);
    }

    /**
     * A backend exits after its client closed it, so the other test's sessions of the role may still count against
     * its limit for a moment (a hog was refused in CI): each test starts when the role has none.
     */
    @org.junit.jupiter.api.BeforeEach
    void noSessionsOfTheRole() throws Exception {
        try (Connection c = pg.jdbc(db); java.sql.Statement s = c.createStatement()) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (java.sql.ResultSet r = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = '" + ROLE + "'")) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sessions of " + ROLE + " never ended");
                }
                s.execute("SELECT pg_sleep(0.01)"); // the server waits, between two looks at its sessions
            }
        }
    }

    @Test
    void threadCountAboveTheRolesLimitIsCappedWithAWarning() throws Exception {
        pg.execute(db, "ALTER ROLE " + ROLE + " CONNECTION LIMIT 3");
        ProfilerConfig config = new ProfilerConfig(null, FilterPattern.including("^cl$"), null, null, null, null,
                null, null, null, null, 200, null);

        // Uncapped, 200 workers race for the role's 2 free connections and the losers end the run.
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(client(), config,
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));

        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        assertThat(TestPg.records(results)).hasSize(6).allMatch(r -> r instanceof CreateTableProfileRequest);
        assertThat(results).filteredOn(r -> r instanceof Result.Warning<?>).singleElement()
                .satisfies(w -> assertThat(((Result.Warning<?>) w).message())
                        .startsWith("threads (200) is more than the connections PostgreSQL has free for this role (2")
                        .endsWith("reading on 2 connections"));
    }

    @Test
    void aWorkerRefusedForTooManyConnectionsSharesTheOthersConnections() throws Exception {
        pg.execute(db, "ALTER ROLE " + ROLE + " CONNECTION LIMIT 4");
        List<Result<EntityRequest>> results;
        List<Connection> hogs = new ArrayList<>();
        try (TableWorkers workers = new TableWorkers(client(), TestPg.SERVICE, null,
                new TableScope(FilterPattern.including("^cl$"), null, false), 3, 60_000)) {
            java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
            var stream = workers.run("cl", (c, target, fqn) -> {
                // The first table holds its connection until both other workers were refused and wait for one.
                if (first.getAndSet(false)) {
                    awaitWaitingWorkers(2);
                }
                return List.of(Result.warning(fqn, "read"));
            });
            // Taken after the cap was read (3 free, 3 workers): another client leaves room for one worker only.
            hogs.add(roleSession());
            hogs.add(roleSession());
            results = stream.toList();
        } finally {
            for (Connection c : hogs) {
                c.close();
            }
        }
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        assertThat(results).filteredOn(r -> r instanceof Result.Warning<?> w && w.message().equals("read")).hasSize(6);
        assertThat(results).anySatisfy(r -> assertThat(((Result.Warning<?>) r).message())
                .isEqualTo("PostgreSQL refused a worker connection for too many connections (SQLSTATE 53300):"
                        + " the tables were read on the 1 connection(s) it allowed"));
    }

    /** Waits (bounded) until {@code n} worker threads wait in TableWorkers for another worker's connection. */
    private static void awaitWaitingWorkers(int n) throws java.sql.SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (waiting() < n) {
            if (System.nanoTime() > deadline) {
                throw new java.sql.SQLException("workers never waited for a connection");
            }
            Thread.yield();
        }
    }

    private static long waiting() {
        int count = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getState() == Thread.State.TIMED_WAITING && java.util.Arrays.stream(e.getValue())
                    .anyMatch(f -> f.getClassName().equals(TableWorkers.class.getName())
                            && f.getMethodName().equals("connection"))) {
                count++;
            }
        }
        return count;
    }
}
