package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A test runs on the database its table's FQN names, whatever the connection's {@code database} says. */
class TestSuiteDatabaseTest {

    private static TestCase rowCount(String tableFqn) {
        return new TestCase("rows", "tableRowCountToBeBetween", new EntityLink(tableFqn, null),
                List.of(new TestCaseParameterValue("minValue", "0"), new TestCaseParameterValue("maxValue", "100")));
    }

    @Test
    void aDatabaseTheTablesFqnNamesThatDoesNotExistAbortsTheTestNamingTheFqnAsTheFix() throws Exception {
        TestPg pg = TestPg.get();
        String db = pg.database("suite_databases", false, "CREATE TABLE t (id int);");
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult missing = executor.run(rowCount("svc.no_such_db.public.t"), 1L);
            TestCaseResult there = executor.run(rowCount("svc." + db + ".public.t"), 1L);

            assertThat(missing.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(missing.result()).startsWith("cannot run on database no_such_db: it does not exist at "
                    + pg.hostPort() + "; the test's table svc.no_such_db.public.t names it: check the table's FQN")
                    .doesNotContain("serviceConnection");
            assertThat(there.testCaseStatus()).as("the other database's tests still run").isEqualTo(TestCaseStatus.Success);
        }
    }
}
