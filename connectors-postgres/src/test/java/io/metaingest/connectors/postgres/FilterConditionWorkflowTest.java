package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lineage or usage workflow file with a malformed {@code filterCondition}: loading it (as
 * {@code ingest} and {@code validate} do) is a configuration error with the condition's one-line
 * message, and nothing connects to the server.
 */
class FilterConditionWorkflowTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgres-usage   | DatabaseUsage   | query_text LIKE '%x",
            "postgres-lineage | DatabaseLineage | 1 = ) OR",
            "postgres-usage   | DatabaseUsage   | 1; DROP TABLE t"})
    void theRunFailsBeforeConnectingWithTheConditionsMessage(String sourceType, String configType, String condition)
            throws Exception {
        // The "server": a socket that only counts who knocks. A source that connected would show here.
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Path file = Files.writeString(dir.resolve("workflow.yaml"), """
                    source:
                      type: %s
                      serviceName: local_postgres
                      serviceConnection:
                        config: {type: Postgres, hostPort: "127.0.0.1:%d", username: u, authType: {password: p}, database: shop}
                      sourceConfig:
                        config:
                          type: %s
                          filterCondition: "%s"
                    sink: {type: file, config: {path: "%s"}}
                    """.formatted(sourceType, port, configType, condition.replace("\"", "\\\""), dir.resolve("out.ndjson")));
            Metaingest runtime = Workflows.runtime();

            // A configuration error when the file is loaded (validate loads it the same way): exit 2, one line.
            assertThatThrownBy(() -> runtime.load(file))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::toString)
                            .containsExactly("source." + FilterCondition.problem(condition).orElseThrow()));
            assertThat(server.accept()).as("a connection attempt to the server").isNull();
        }
    }
}
