package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A locked table costs a profiler run or a test suite one lock_timeout (per worker at most), not one
 * per table or view that reads it: after the first wait the server is asked which relations the lock
 * holds back ({@link LockedReads}), and those fail at once. Waits are counted as the lock-timeout errors
 * the server returned on the run's connections ({@link LockWaits}).
 */
class LockedReadsTest {

    private static final TestPg pg = TestPg.get();
    private static String db;

    @BeforeAll
    static void setUp() {
        db = pg.database("locked_reads", false, """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int, name text);
                INSERT INTO sales.customers VALUES (1, 'a'), (2, 'b');
                CREATE TABLE sales.orders (id int PRIMARY KEY, status text);
                INSERT INTO sales.orders VALUES (1, 'new'), (2, 'paid');
                CREATE TABLE sales.plain (id int);
                INSERT INTO sales.plain VALUES (1);
                CREATE VIEW sales.customer_names AS SELECT name FROM sales.customers;
                CREATE VIEW sales.v1 AS SELECT status FROM sales.orders;
                CREATE VIEW sales.v2 AS SELECT id FROM sales.orders;
                -- reads the locked table through another view: selecting it locks both
                CREATE VIEW sales.v2_again AS SELECT id FROM sales.v2;
                CREATE VIEW sales.plain_view AS SELECT id FROM sales.plain;
                CREATE SCHEMA parts;
                CREATE TABLE parts.events (id int) PARTITION BY RANGE (id);
                CREATE TABLE parts.events_1 PARTITION OF parts.events FOR VALUES FROM (0) TO (100);
                CREATE TABLE parts.events_2 PARTITION OF parts.events FOR VALUES FROM (100) TO (200);
                INSERT INTO parts.events VALUES (1), (150);
                CREATE VIEW parts.events_view AS SELECT id FROM parts.events;
                CREATE TABLE parts.other (id int);
                """);
    }

    private record Run<T>(T results, LockWaits waits, int holderPid) {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(PostgresClient client) throws Exception;
    }

    /** What {@code reader} reads while another session holds {@code locked}, and {@code lockedLater} once the run asked for locks. */
    private static <T> Run<T> whileLocked(Reader<T> reader, String lockedLater, String... locked) throws Exception {
        LockWaits waits = new LockWaits();
        PostgresClient client = waits.client(pg.connection(db));
        try (Connection holder = pg.jdbc(db)) {
            int pid = waits.hold(holder, lockedLater, locked);
            try {
                return new Run<>(reader.read(client), waits, pid);
            } finally {
                holder.rollback();
            }
        }
    }

    private static Run<List<Result<EntityRequest>>> profile(int threads, String lockedLater, String... locked)
            throws Exception {
        return profile("sales", threads, lockedLater, locked);
    }

    private static Run<List<Result<EntityRequest>>> profile(String schema, int threads, String lockedLater,
                                                          String... locked) throws Exception {
        return whileLocked(client -> TestPg.readAll(new PostgresProfilerSource(client,
                ProfilerTest.config(schema, null, true, null, null, null, threads, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK)), lockedLater, locked);
    }

    private static Set<String> profiled(List<Result<EntityRequest>> results) {
        return TestPg.records(results).stream().map(r -> ((CreateTableProfileRequest) r).table().fullyQualifiedName())
                .map(LockedReadsTest::last).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> failures(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Failed<?>).map(r -> ((Result.Failed<?>) r).error())
                .collect(Collectors.toMap(e -> last(e.name()), StepError::error, (a, b) -> a + " | " + b, TreeMap::new));
    }

    private static String last(String fqn) {
        return fqn.substring(fqn.lastIndexOf('.') + 1);
    }

    private static String heldBy(int pid) {
        return "locked by another session: not read, as a read gave up after lock_timeout (300 ms) waiting for sales.orders, which another"
                + " session holds in ACCESS EXCLUSIVE mode (pid " + pid + ", user " + pg.user()
                + ", application PostgreSQL JDBC Driver)";
    }

    @Test
    void aProfilerRunWaitsOnceForALockedTableAndFailsItsViewsAtOnce() throws Exception {
        Run<List<Result<EntityRequest>>> run = profile(1, null, "sales.orders");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("orders", "v1", "v2", "v2_again");
        assertThat(failures.values()).allSatisfy(error -> assertThat(error).startsWith(heldBy(run.holderPid()))
                .contains("connectionArguments.lock_timeout", "canceling statement due to lock timeout")
                .doesNotContain("s3cr3t").doesNotContain("\n"));
        assertThat(profiled(run.results())).containsExactly("customer_names", "customers", "plain", "plain_view");
        assertThat(run.waits().total()).as("one wait in all, on the one worker").isEqualTo(1);
    }

    @Test
    void withTwoWorkersEachWaitsOnceAtMost() throws Exception {
        Run<List<Result<EntityRequest>>> run = profile(2, null, "sales.orders");

        assertThat(failures(run.results())).containsOnlyKeys("orders", "v1", "v2", "v2_again");
        assertThat(profiled(run.results())).containsExactly("customer_names", "customers", "plain", "plain_view");
        assertThat(run.waits().perConnection).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(1));
    }

    @Test
    void aLockTakenAfterTheFirstCostsOneMoreWaitNotOnePerView() throws Exception {
        // Profiled in catalog order: orders first, then plain, locked once the run asked for locks.
        Run<List<Result<EntityRequest>>> run = profile(1, "sales.plain", "sales.orders");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("orders", "v1", "v2", "v2_again", "plain", "plain_view");
        assertThat(failures.get("plain_view")).contains("waiting for sales.plain, which another session holds");
        assertThat(failures.get("v2")).startsWith(heldBy(run.holderPid()));
        assertThat(profiled(run.results())).containsExactly("customer_names", "customers");
        assertThat(run.waits().total()).as("the first wait, and one for the lock taken since").isEqualTo(2);
    }

    @Test
    void aLockedPartitionHoldsBackItsPartitionedTableAndTheViewsOfIt() throws Exception {
        // The partitioned table comes first and waits: reading it locks every partition (partitions are
        // profiled as their table).
        Run<List<Result<EntityRequest>>> run = profile("parts", 1, null, "parts.events_1");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("events", "events_view");
        assertThat(failures.values()).allSatisfy(error -> assertThat(error).startsWith(
                "locked by another session: not read, as a read gave up after lock_timeout (300 ms) waiting for parts.events_1, which"
                        + " another session holds in ACCESS EXCLUSIVE mode (pid " + run.holderPid()));
        assertThat(profiled(run.results())).containsExactly("other");
        assertThat(run.waits().total()).isEqualTo(1);
    }

    @Test
    void withNothingLockedNoLockIsAskedFor() throws Exception {
        Run<List<Result<EntityRequest>>> run = profile(1, null);

        assertThat(failures(run.results())).isEmpty();
        assertThat(run.waits().statements).noneMatch(sql -> sql.contains("pg_locks"));
        assertThat(run.waits().total()).isZero();
    }

    private static TestCase test(String name, String definition, String table, String column, String... parameters) {
        List<TestCaseParameterValue> values = new java.util.ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        return new TestCase(name, definition, new EntityLink("svc." + db + ".sales." + table, column), values);
    }

    private static TestCase rows(String table) {
        return test(table + "_rows", "tableRowCountToBeBetween", table, null, "minValue", "1", "maxValue", "10");
    }

    private static Run<Map<String, TestCaseResult>> suite(TestCase... tests) throws Exception {
        return whileLocked(client -> {
            Map<String, TestCaseResult> results = new LinkedHashMap<>();
            try (PostgresTestExecutor executor = new PostgresTestExecutor(client, Duration.ofMinutes(1))) {
                for (TestCase test : tests) {
                    results.put(test.name(), executor.run(test, 1L));
                }
            }
            return results;
        }, null, "sales.orders");
    }

    @Test
    void aTestSuiteWaitsOnceForALockedTableAndAbortsTheTestsOfItsViewsAtOnce() throws Exception {
        Run<Map<String, TestCaseResult>> run = suite(rows("customers"), rows("orders"),
                test("orders_ids", "columnValuesToBeNotNull", "orders", "id"), rows("v1"), rows("plain"), rows("v2"),
                rows("v2_again"), rows("customer_names"));

        Map<String, String> aborted = run.results().entrySet().stream()
                .filter(e -> e.getValue().testCaseStatus().toString().equals("Aborted"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().result(), (a, b) -> a, TreeMap::new));
        assertThat(aborted).containsOnlyKeys("orders_rows", "orders_ids", "v1_rows", "v2_rows", "v2_again_rows");
        assertThat(aborted.get("orders_ids")).startsWith("columnValuesToBeNotNull on sales.orders could not run: "
                + heldBy(run.holderPid()));
        assertThat(aborted.get("v2_again_rows")).startsWith("tableRowCountToBeBetween on sales.v2_again could not run: "
                + heldBy(run.holderPid()));
        assertThat(aborted.values()).allSatisfy(result -> assertThat(result).contains(heldBy(run.holderPid()))
                .doesNotContain("s3cr3t").doesNotContain("\n"));
        assertThat(run.results().get("customers_rows").testCaseStatus().toString()).isEqualTo("Success");
        assertThat(run.results().get("plain_rows").testCaseStatus().toString()).isEqualTo("Success");
        assertThat(run.results().get("customer_names_rows").testCaseStatus().toString()).isEqualTo("Success");
        assertThat(run.waits().total()).as("one wait in all").isEqualTo(1);
    }
}
