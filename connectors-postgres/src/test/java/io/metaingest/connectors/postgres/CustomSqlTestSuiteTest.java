package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tableCustomSQLQuery} runs any one valid SELECT as written, however it ends (a semicolon, a comment),
 * and a statement the server refuses is Aborted in one line naming the test case and its sqlExpression.
 */
class CustomSqlTestSuiteTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("custom_sql", false, """
                CREATE TABLE orders (id int, amount numeric, note text);
                INSERT INTO orders VALUES (1, 10, 'a;-- b'), (2, -5, NULL), (3, -7, 'c');
                """);
    }

    private static TestCaseResult run(String sql) throws Exception {
        TestCase test = new TestCase("negative_amounts", "tableCustomSQLQuery",
                EntityLink.table("svc." + db + ".public.orders"), List.of(new TestCaseParameterValue("sqlExpression", sql)));
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            return executor.run(test, 1L);
        }
    }

    private static String outcome(String sql) throws Exception {
        TestCaseResult result = run(sql);
        return result.testCaseStatus() + ": " + result.result();
    }

    @Test
    void anyOneValidSelectRunsHoweverItEnds() throws Exception {
        assertThat(outcome("SELECT * FROM orders WHERE amount < 0;")).isEqualTo("Failed: Found 2 rows; expected <= 0");
        assertThat(outcome("SELECT * FROM orders WHERE amount < 0 -- the refunds")).isEqualTo("Failed: Found 2 rows; expected <= 0");
        assertThat(outcome("SELECT * FROM orders WHERE amount < 0; -- the refunds\n")).isEqualTo("Failed: Found 2 rows; expected <= 0");
        assertThat(outcome("WITH refunds AS (SELECT * FROM orders WHERE amount < 0)\nSELECT id FROM refunds ORDER BY id"
                + " LIMIT 1;")).isEqualTo("Failed: Found 1 row; expected <= 0");
        assertThat(outcome("SELECT * FROM orders WHERE note = 'a;-- b' /* the odd note */ ;"))
                .isEqualTo("Failed: Found 1 row; expected <= 0");
        assertThat(outcome("SELECT * FROM orders WHERE amount > 100")).isEqualTo("Success: Found 0 rows; expected <= 0");
    }

    @Test
    void aStatementTheServerRefusesIsAbortedNamingTheTestCaseAndItsSql() throws Exception {
        assertThat(outcome("SELEC *\n  FROM orders")).isEqualTo("Aborted: tableCustomSQLQuery test case negative_amounts"
                + " on public.orders could not run its sqlExpression (SELEC * FROM orders): ERROR: syntax error at or"
                + " near \"FROM\"");
        assertThat(outcome("SELECT 1; SELECT 2")).isEqualTo("Aborted: tableCustomSQLQuery test case negative_amounts:"
                + " its sqlExpression holds more than one statement (another begins after a ';': SELECT 2); write one"
                + " SELECT");
    }
}
