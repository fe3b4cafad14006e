package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Postgres test executor on the embedded server when the service cannot be used: a refused
 * password (or an unreachable server) is the service's failure, thrown for the runtime to count, not
 * an Aborted result claiming the test could not run; a database of the service that does not exist
 * is the test's Aborted outcome, as a missing table is.
 */
class TestExecutorConnectionTest {

    static final long NOW = 1_772_636_400_000L;
    static final String WRONG_PASSWORD = "Wr0ng-Executor-Pw";

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("dq_executor", false, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1), (2)");
    }

    private static TestCase rowCount(String database, String name) {
        return new TestCase(name, "tableRowCountToBeBetween", new EntityLink("svc." + database + ".public.orders", null),
                List.of(new TestCaseParameterValue("minValue", "1"), new TestCaseParameterValue("maxValue", "10")));
    }

    @Test
    void aRefusedPasswordIsThrownForEveryTestWithoutTheSecretAndWithoutRetrying() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(
                PostgresConnection.of(pg.hostPort(), pg.user(), WRONG_PASSWORD, db))) {
            ConnectionException first = catchThrowableOfType(() -> executor.run(rowCount(db, "a"), NOW),
                    ConnectionException.class);
            ConnectionException second = catchThrowableOfType(() -> executor.run(rowCount(db, "b"), NOW),
                    ConnectionException.class);

            assertThat(first.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
            assertThat(first.getMessage()).contains("authentication failed for user \"" + pg.user() + "\"")
                    .contains("check source.serviceConnection.config.username and source.serviceConnection.config.authType.password")
                    .doesNotContain(WRONG_PASSWORD);
            assertThat(second).as("the database's failure is remembered, not tried again per test").isSameAs(first);
        }
    }

    @Test
    void anUnreachableServerIsThrownToo() throws Exception {
        // Port 9 (discard): nothing answers there.
        try (PostgresTestExecutor executor = new PostgresTestExecutor(
                PostgresConnection.of("127.0.0.1:9", pg.user(), pg.password(), db))) {
            ConnectionException e = catchThrowableOfType(() -> executor.run(rowCount(db, "a"), NOW),
                    ConnectionException.class);
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("127.0.0.1:9").contains("hostPort");
        }
    }

    @Test
    void aMissingDatabaseAbortsItsTestsWhileTheServiceRunsTheOthers() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult missing = executor.run(rowCount("no_such_db", "a"), NOW);
            TestCaseResult ran = executor.run(rowCount(db, "b"), NOW);

            assertThat(missing.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(missing.result()).contains("no_such_db").contains("does not exist");
            assertThat(ran.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        }
    }
}
