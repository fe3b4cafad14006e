package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.CreateQueryRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code filterCondition} is checked before a lineage or usage source connects; valid PostgreSQL
 * conditions, also those JSqlParser cannot read, keep working; and the server agrees with every
 * verdict (what is refused fails there too, what passes runs there).
 */
class FilterConditionTest {

    /** Conditions JSqlParser reads, in the PostgreSQL forms users write. */
    static Stream<String> valid() {
        return Stream.of(
                "s.query::text ILIKE '%orders%'",
                "s.query ~ '^\\s*insert' AND NOT s.query ~* 'pg_catalog'",
                "s.query !~ 'tmp_' AND s.query !~* 'temp'",
                "s.calls IN (1, 2, 3) OR s.calls > 10",
                "NOT (s.calls > 10)",
                "pg_get_userbyid(s.userid) IN ('etl', 'bi') OR s.userid::regrole::text <> 'postgres'",
                "s.userid IN (SELECT oid FROM pg_roles WHERE rolname LIKE 'etl%') OR true",
                "s.query NOT ILIKE '%pg_%' AND s.calls BETWEEN 1 AND 1000000",
                "s.query = ANY (ARRAY['a', 'b']) OR s.query ILIKE ANY (ARRAY['%order%', '%stock%'])",
                "s.mean_exec_time::numeric(10, 2) >= 0 AND s.calls::int8 > 0",
                "s.query LIKE E'%\\n%' OR s.query LIKE $$%orders%$$ OR s.query LIKE $q$%it's%$q$",
                "s.query LIKE 'it''s' OR \"s\".\"query\" SIMILAR TO '%(orders|stock)%'",
                "s.toplevel IS TRUE AND s.query IS NOT NULL AND s.dbid IS DISTINCT FROM 0",
                "s.calls >= 1 -- the busy ones ) ;",
                "s.calls /* not ) or ; */ >= 1 /* a /* nested */ comment */",
                "s.calls >= 1\n  AND s.query ILIKE '%orders%'");
    }

    /** Valid PostgreSQL that JSqlParser 5.3 cannot read: let through for the server to judge. */
    static Stream<String> notReadByJSqlParser() {
        return Stream.of(
                "s.query COLLATE \"C\" > ''",
                "s.query OPERATOR(pg_catalog.~) 'insert' OR true",
                "s.query ^@ 'INSERT' OR true",
                "s.query ~~* '%orders%' OR s.query !~~* '%tmp%'",
                "s.query LIKE '%orders%' IS NOT TRUE OR true",
                "length(s.query) BETWEEN SYMMETRIC 100000 AND 1",
                "s.query IS NORMALIZED",
                "s.calls # 1 >= 0",
                "s.query <> E'\\''",
                // JSqlParser ends the string at the escaped quote and then refuses "s%'".
                "s.query LIKE E'it\\'s%'",
                "s.query LIKE e'%\\\\%' OR s.query LIKE E'a\\'\\'b'");
    }

    /** Malformed conditions, each with the one-line message it gets. */
    static Stream<org.junit.jupiter.params.provider.Arguments> malformed() {
        String p = FilterCondition.PATH + ": ";
        String fix = "; write one SQL condition on pg_stat_statements (alias s), e.g. s.query ILIKE '%orders%'";
        return Stream.of(
                args("query_text LIKE '%x", p + "the string that starts at column 17 is never closed: end it with '"),
                args("1 = ) OR", p + "the ) at column 5 closes a parenthesis that is not open: remove it or add the ( it closes"),
                args("1; DROP TABLE t", p + "is not one condition: the ; at column 2 would end the query and start another"
                        + " statement: remove the ; and what follows it"),
                args("(s.calls > 1", p + "the ( at column 1 is never closed: add the ) that closes it"),
                args("s.query = \"x", p + "the quoted name that starts at column 11 is never closed: end it with \""),
                args("s.query = $$x", p + "the $$ string that starts at column 11 is never closed: end it with $$"),
                args("s.calls > 1 /* why", p + "the /* comment that starts at column 13 is never closed: end it with */"),
                args("s.query = E'it\\'s", p + "the string that starts at column 11 is never closed: end it with '"),
                args("s.query = $1", p + "$1 at column 11 is a parameter that is given no value: write the value itself"),
                args("s.query = ?", p + "the ? at column 11 is a JDBC parameter marker that is given no value: write the"
                        + " value itself (jsonb's ?, ?| and ?& operators are written ??, ??| and ??&)"),
                args("-- only a comment", p + "holds only a comment: write one SQL condition on pg_stat_statements"
                        + " (alias s), e.g. s.query ILIKE '%orders%', or remove the setting"),
                args("s.query LIKE 'x' AND", p + "not a valid SQL condition: unexpected \"AND\" at column 18" + fix),
                args("s.query ILIK '%x%'", p + "not a valid SQL condition: unexpected \"ILIK\" at column 9" + fix),
                args("s.calls > > 1", p + "not a valid SQL condition: unexpected \">\" at column 9" + fix),
                args("s.calls >= 1\nAND AND s.calls < 5", p + "not a valid SQL condition: unexpected \"AND\" at line 2,"
                        + " column 1" + fix),
                args("s.query IN ('a',)", p + "not a valid SQL condition: unexpected \",\" at column 16" + fix),
                args("s.calls >", p + "not a valid SQL condition: unexpected \">\" at column 9" + fix),
                // After an escape string, JSqlParser's verdict still names the right column.
                args("s.query LIKE E'it\\'s%' AND", p + "not a valid SQL condition: unexpected \"AND\" at column 24"
                        + fix));
    }

    /** Runs on the server, but closes the parenthesis around it: it would undo the query log's own conditions. */
    static final String BREAKS_OUT = "s.calls < 0) OR (true";

    @Test
    void aConditionMayNotCloseTheParenthesisAroundIt() throws Exception {
        assertThat(FilterCondition.problem(BREAKS_OUT)).contains(FilterCondition.PATH + ": the ) at column 12 closes a"
                + " parenthesis that is not open: remove it or add the ( it closes");
        // Why it matters: sent as written it matches every statement, metaingest's own included.
        TestPg pg = TestPg.get();
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String db = pg.shop();
        try (Connection c = new PostgresClient(pg.connection(db)).open(db)) {
            String schema = QueryLog.locate(c, new QueryLog.Unreadable[1]).orElseThrow();
            List<String> texts = new ArrayList<>();
            try (Cursor<QueryLog.Statement> cursor = QueryLog.statements(c, schema, null, BREAKS_OUT, 100_000)) {
                for (QueryLog.Statement s = cursor.poll(); s != null; s = cursor.poll()) {
                    texts.add(s.query());
                }
            }
            assertThat(texts).anyMatch(q -> q.contains(CatalogQueries.MARKER));
        }
    }

    private static org.junit.jupiter.params.provider.Arguments args(String condition, String message) {
        return org.junit.jupiter.params.provider.Arguments.of(condition, message);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedConditionIsOneLineWithThePathWhatIsWrongAndTheFix(String condition, String message) {
        assertThat(FilterCondition.problem(condition)).contains(message);
        assertThat(message).doesNotContain("\n");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validPostgresConditionsPass(String condition) {
        assertThat(FilterCondition.problem(condition)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("notReadByJSqlParser")
    void whatJSqlParserCannotReadIsLeftToTheServer(String condition) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> CCJSqlParserUtil.parseCondExpression(condition, false)))
                .as("JSqlParser reads it now: move it to valid()").isNotNull();
        assertThat(FilterCondition.problem(condition)).isEmpty();
    }

    @Test
    void noConditionIsNoProblem() {
        assertThat(FilterCondition.problem(null)).isEmpty();
        assertThat(FilterCondition.problem("  \n ")).isEmpty();
    }

    @Test
    void theSourcesRefuseAMalformedConditionWhenCreatedBeforeTheyConnect() {
        // An address nothing listens on: the constructors must throw before anything is opened.
        PostgresClient client = new PostgresClient(PostgresConnection.of("127.0.0.1:1", "u", "p", "db"));
        String message = FilterCondition.problem("1 = ) OR").orElseThrow();
        assertThatThrownBy(() -> new PostgresUsageSource(client, Golden.JSON.convertValue(
                map("filterCondition", "1 = ) OR"), DatabaseUsageConfig.class), TestPg.context(WorkflowKind.USAGE),
                Clock.systemUTC(), TestPg.DIRECT)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> new PostgresLineageSource(client, Golden.JSON.convertValue(
                map("filterCondition", "1 = ) OR"), DatabaseLineageConfig.class), TestPg.context(WorkflowKind.LINEAGE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void theServerAgreesWithEveryVerdict() throws Exception {
        TestPg pg = TestPg.get();
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String db = pg.shop();
        List<String> refusedThatRan = new ArrayList<>();
        List<String> passedThatFailed = new ArrayList<>();
        try (Connection c = new PostgresClient(pg.connection(db)).open(db)) {
            String schema = QueryLog.locate(c, new QueryLog.Unreadable[1]).orElseThrow();
            for (String condition : malformed().map(a -> (String) a.get()[0]).toList()) {
                serverError(c, schema, condition).ifPresentOrElse(e -> { }, () -> refusedThatRan.add(condition));
            }
            for (String condition : Stream.concat(valid(), notReadByJSqlParser()).toList()) {
                serverError(c, schema, condition).ifPresent(e -> passedThatFailed.add(condition + ": " + e));
            }
        }
        assertThat(refusedThatRan).as("refused, yet the server runs them").isEmpty();
        assertThat(passedThatFailed).as("passed, yet the server refuses them").isEmpty();
    }

    /** The server's error for the query log's query with {@code condition}, or empty when it runs. */
    private static Optional<String> serverError(Connection c, String schema, String condition) {
        try (Cursor<QueryLog.Statement> cursor = QueryLog.statements(c, schema, null, condition, 5)) {
            cursor.poll();
            return Optional.empty();
        } catch (SQLException e) {
            PostgresClient.rollback(c);
            return Optional.of(e.getMessage());
        }
    }

    /** The server's refusal as the usage run and test-connection report it: the setting, the server's words, the fix. */
    static final String UNKNOWN_COLUMN = "source.sourceConfig.config.filterCondition: PostgreSQL refused the condition:"
            + " ERROR: column \"nonexistent_col\" does not exist; write one SQL condition on pg_stat_statements"
            + " (alias s), e.g. s.query ILIKE '%orders%'";

    @Test
    void aConditionTheServerRefusesNamesTheSettingInTheRunAndInTestConnection() throws Exception {
        TestPg pg = TestPg.get();
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String db = pg.shop();
        PostgresClient client = new PostgresClient(pg.connection(db));
        DatabaseUsageConfig usage = Golden.JSON.convertValue(map("filterCondition", "nonexistent_col > 1"),
                DatabaseUsageConfig.class);
        assertThat(FilterCondition.problem(usage.filterCondition())).as("well-formed: only the server knows").isEmpty();
        Throwable run = org.assertj.core.api.Assertions.catchThrowable(() -> TestPg.readAll(new PostgresUsageSource(
                client, usage, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT)));
        assertThat(run).isInstanceOf(SQLException.class);
        assertThat(io.metaingest.api.StepError.oneLine(run)).isEqualTo(UNKNOWN_COLUMN);

        Throwable tested = org.assertj.core.api.Assertions.catchThrowable(() -> new PostgresConnectionTester(client,
                TestPg.context(WorkflowKind.USAGE), Optional.of(usage)).test());
        assertThat(tested).isInstanceOf(io.metaingest.api.ConnectionException.class).hasMessage(UNKNOWN_COLUMN);
        // A setting the server refused: the CLI's test-connection exits 2 (fix the file), not 3 (the connection).
        assertThat(((io.metaingest.api.ConnectionException) tested).reason())
                .isEqualTo(io.metaingest.api.ConnectionException.Reason.SETTING);
        DatabaseLineageConfig lineage = Golden.JSON.convertValue(map("filterCondition", "nonexistent_col > 1"),
                DatabaseLineageConfig.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new PostgresConnectionTester(client,
                TestPg.context(WorkflowKind.LINEAGE), Optional.of(lineage)).test())).hasMessage(UNKNOWN_COLUMN);
        // A condition the server accepts passes, and says it was tried.
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.USAGE), Optional.of(Golden.JSON
                .convertValue(map("filterCondition", "s.calls > 1"), DatabaseUsageConfig.class))).test())
                .anyMatch(l -> l.endsWith("; the server accepts filterCondition"));
    }

    @Test
    void aValidConditionNarrowsTheQueryLogAsWritten() throws Exception {
        TestPg pg = TestPg.get();
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        List<String> all = usageQueries(pg, null);
        List<String> narrowed = usageQueries(pg, "s.query::text ~* 'stock_levels' -- only the stock queries");
        assertThat(all).anyMatch(q -> !q.contains("stock_levels"));
        assertThat(narrowed).isNotEmpty().allMatch(q -> q.contains("stock_levels"))
                .containsExactlyInAnyOrderElementsOf(all.stream().filter(q -> q.contains("stock_levels")).toList());
    }

    private static List<String> usageQueries(TestPg pg, String filterCondition) throws Exception {
        DatabaseUsageConfig config = Golden.JSON.convertValue(filterCondition == null ? map()
                : map("filterCondition", filterCondition), DatabaseUsageConfig.class);
        List<EntityRequest> records = TestPg.records(TestPg.readAll(new PostgresUsageSource(new PostgresClient(
                pg.connection(pg.shop())), config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT)));
        return records.stream().filter(r -> r instanceof CreateQueryRequest).map(r -> ((CreateQueryRequest) r).query())
                .toList();
    }
}
