package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.toolkit.sql.QueryParser;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The query log's statements parsed with the lineage workflow's time limit and threads. */
class QueryLogParseTest {

    private static QueryLog.Statement statement(String query) {
        return new QueryLog.Statement(query, 1, 0.5, "app");
    }

    /** A text JSqlParser needs far more than a millisecond for. */
    private static String slow() {
        StringBuilder sql = new StringBuilder("INSERT INTO t SELECT 1 FROM t0");
        for (int i = 1; i < 1_000; i++) {
            sql.append(" UNION SELECT ").append(i).append(" FROM t").append(i);
        }
        return sql.toString();
    }

    @Test
    void theParsersTimeLimitDecidesWhatIsLeftOutWithAWarning() {
        List<QueryLog.Statement> statements = List.of(statement(slow()));
        List<Result<EntityRequest>> warnings = new ArrayList<>();

        assertThat(QueryLog.parse(statements, "svc.db", warnings, new QueryParser(1), 1)).isEmpty();
        assertThat(warnings).singleElement().satisfies(w -> assertThat(((Result.Warning<?>) w).message())
                .startsWith("a query of pg_stat_statements cannot be parsed and is left out (").containsIgnoringCase("time"));

        List<Result<EntityRequest>> none = new ArrayList<>();
        assertThat(QueryLog.parse(statements, "svc.db", none, new QueryParser(60_000), 1)).hasSize(1);
        assertThat(none).isEmpty();
    }

    @Test
    void onSeveralThreadsTheResultsAndWarningsKeepTheLogsOrder() {
        List<QueryLog.Statement> statements = IntStream.range(0, 40).mapToObj(i -> statement(i % 7 == 3
                ? "INSERT INTO t" + i + " SELECT FROM WHERE" : "INSERT INTO t" + i + " SELECT x FROM s" + i)).toList();
        List<Result<EntityRequest>> oneWarnings = new ArrayList<>();
        List<Result<EntityRequest>> fourWarnings = new ArrayList<>();

        List<QueryLog.Parsed> one = QueryLog.parse(statements, "svc.db", oneWarnings, new QueryParser(), 1);
        List<QueryLog.Parsed> four = QueryLog.parse(statements, "svc.db", fourWarnings, new QueryParser(), 4);

        assertThat(four).isEqualTo(one).hasSize(34);
        assertThat(four).extracting(p -> p.tables().writes().get(0).name()).startsWith("t0", "t1", "t2", "t4");
        assertThat(fourWarnings).isEqualTo(oneWarnings).hasSize(6);
    }
}
