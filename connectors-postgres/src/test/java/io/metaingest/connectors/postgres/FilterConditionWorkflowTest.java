package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lineage or usage workflow file with a malformed {@code filterCondition}, run by the runtime:
 * it fails with the condition's one-line message and never opens a connection to the server.
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
            Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new PostgresSpec()), Mappers.standard(),
                    Clock.systemUTC(), name -> null);
            ByteArrayOutputStream messages = new ByteArrayOutputStream();

            RunResult result = runtime.run(runtime.load(file), Optional.empty(),
                    new PrintStream(messages, true, StandardCharsets.UTF_8), false);

            assertThat(result.state()).isEqualTo(RunState.FAILED);
            assertThat(result.connectionFailure()).isFalse();
            assertThat(result.fatalError()).doesNotContain("\n")
                    .endsWith(FilterCondition.problem(condition).orElseThrow());
            assertThat(messages.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
            assertThat(server.accept()).as("a connection attempt to the server").isNull();
        }
    }
}
