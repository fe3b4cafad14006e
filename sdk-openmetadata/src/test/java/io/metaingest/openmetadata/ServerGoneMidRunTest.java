package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.FAST;
import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.StepError;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.StoredProcedureType;
import io.metaingest.api.entity.TableType;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server going away, coming back or hanging while the sink writes. */
class ServerGoneMidRunTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();

    private MetadataRestSink sink(RetryPolicy policy, Sleeper sleeper) throws ConnectionException {
        OpenMetadataClient client = new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN), HTTP, mapper, 2,
                policy, sleeper);
        MetadataRestSink sink = new MetadataRestSink(client, MetadataRestSinkConfig.defaults(),
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null), mapper);
        try {
            sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
            sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return sink;
    }

    private static List<EntityRequest> tables(int count) {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT, 1));
        return IntStream.range(0, count).<EntityRequest>mapToObj(i -> new CreateTableRequest("t" + i, null, null,
                TableType.REGULAR, columns, null, null, null, "pg.shop.public", null, null, null)).toList();
    }

    @Test
    void aServerThatStopsMidRunEndsTheSinkOnceAsAConnectionFailure() throws Exception {
        MetadataRestSink sink = sink(FAST, waits::add);
        List<EntityRequest> tables = tables(10);
        sink.write(tables.get(0));
        server.goAway();

        assertThatThrownBy(() -> sink.write(tables.get(1)))
                .isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessageStartingWith("OpenMetadata at " + server.hostPort() + " stopped answering: ")
                .hasMessageContaining("PUT /v1/tables: cannot connect to")
                .hasMessageEndingWith("; check that the server is up and workflowConfig.openMetadataServerConfig.hostPort")
                .hasMessageNotContaining(TOKEN)
                .cause().isInstanceOfSatisfying(ConnectionException.class,
                        c -> assertThat(c.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE));
        // Bounded: the one call's backoff, then every later record fails at once without a request.
        assertThat(waits).hasSize(FAST.maxAttempts() - 1);
        for (EntityRequest table : tables.subList(2, 10)) {
            assertThatThrownBy(() -> sink.write(table)).isInstanceOf(OpenMetadataUnavailableException.class);
        }
        assertThat(waits).hasSize(FAST.maxAttempts() - 1);
    }

    @Test
    void aBriefRestartIsRiddenOutAndNothingIsLost() throws Exception {
        // The server comes back while the client waits to retry: the sleeper is that moment.
        MetadataRestSink sink = sink(FAST, wait -> {
            waits.add(wait);
            server.comeBack();
        });
        List<EntityRequest> tables = tables(4);
        sink.write(tables.get(0));
        server.goAway();

        for (EntityRequest table : tables.subList(1, 4)) {
            assertThat(sink.write(table)).isEqualTo(WriteOutcome.CREATED);
        }
        assertThat(waits).hasSize(1);
        assertThat(server.count("table")).isEqualTo(4);
    }

    @Test
    void anEntitysFailureSaysWhatTheRetriesMetAndNamesNoJavaClass() throws Exception {
        MetadataRestSink sink = sink(FAST, waits::add);
        List<EntityRequest> tables = tables(3);
        server.failNext("PUT /v1/tables", 500, 500, 500, 500);
        server.rateLimitNext("PUT /v1/storedProcedures", 120);

        Throwable failing = catchThrowable(() -> sink.write(tables.get(0)));
        Throwable limited = catchThrowable(() -> sink.write(new CreateStoredProcedureRequest("refresh", null, null,
                new CreateStoredProcedureRequest.StoredProcedureCode("plpgsql", "BEGIN END"),
                StoredProcedureType.STORED_PROCEDURE, "pg.shop.public", null, null, null)));

        assertThat(StepError.oneLine(failing)).isEqualTo("PUT /v1/tables answered 500: Internal server error"
                + " (after 4 attempts): the service is failing; retry later");
        assertThat(StepError.oneLine(limited)).startsWith("PUT /v1/storedProcedures answered 429: Too many requests; "
                + "http://127.0.0.1:").contains(" asked to wait 120 s before the next request");
        assertThat(server.count("storedProcedure")).isZero();
    }

    @Test
    void aConnectionClosedBeforeAnAnswerIsWordedForUsers() throws Exception {
        MetadataRestSink sink = sink(FAST, waits::add);
        server.dropConnectionOfNext("PUT /v1/tables", 4);

        Throwable dropped = catchThrowable(() -> sink.write(tables(1).get(0)));

        assertThat(dropped).isInstanceOf(java.io.IOException.class);
        assertThat(StepError.oneLine(dropped))
                .isEqualTo("PUT /v1/tables: the connection closed before an answer (after 4 attempts)");
    }

    @Test
    void aServerAnswering502ToEverythingIsGivenUpAfterThreeCallsInARow() throws Exception {
        MetadataRestSink sink = sink(FAST, waits::add);
        List<EntityRequest> tables = tables(5);
        server.failNext("PUT /v1/tables", 502, 502, 502, 502, 502, 502, 502, 502, 502, 502);

        assertThatThrownBy(() -> sink.write(tables.get(0))).isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("answered 502");
        assertThatThrownBy(() -> sink.write(tables.get(1))).isInstanceOf(OpenMetadataApiException.class);
        assertThatThrownBy(() -> sink.write(tables.get(2))).isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessageContaining("3 calls in a row failed (last: PUT /v1/tables: the OpenMetadata API answered HTTP 502:"
                        + " Internal server error: the service is failing; retry later)")
                .hasMessageNotContaining("502 502"); // OpenMetadata's body repeats the status as its code
        assertThatThrownBy(() -> sink.write(tables.get(3))).isInstanceOf(OpenMetadataUnavailableException.class);
        // 4 attempts for the first, 1 each for the next two, none after.
        assertThat(server.calls().stream().filter(c -> c.line().equals("PUT /v1/tables")).count()).isEqualTo(6);
    }

    @Test
    void oneEntityTheServerKeepsFailingOnStaysThatEntitysFailure() throws Exception {
        MetadataRestSink sink = sink(FAST, waits::add);
        List<EntityRequest> tables = tables(3);
        server.failNext("PUT /v1/tables", 500, 500, 500, 500);

        assertThatThrownBy(() -> sink.write(tables.get(0))).isInstanceOf(OpenMetadataApiException.class);
        assertThat(sink.write(tables.get(1))).isEqualTo(WriteOutcome.CREATED);
        server.failNext("PUT /v1/tables", 500, 500, 500, 500);
        assertThatThrownBy(() -> sink.write(tables.get(2))).isInstanceOf(OpenMetadataApiException.class);
        assertThat(server.count("table")).isEqualTo(1);
    }

    @Test
    void aHangingServerIsGivenUpWithinFourRequestTimeouts() throws Exception {
        MetadataRestSink sink = sink(FAST.withRequestTimeout(Duration.ofMillis(150)), waits::add);
        List<EntityRequest> tables = tables(5);
        server.hang();

        String unanswered = "OpenMetadata at " + server.hostPort() + " accepted the connection but did not answer";
        assertThatThrownBy(() -> sink.write(tables.get(0))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(unanswered + " PUT /v1/tables within 150 ms")
                .hasMessageContaining("timed out, no answer within 150 ms, 2 times");
        assertThatThrownBy(() -> sink.write(tables.get(1))).isInstanceOf(IOException.class)
                .hasMessageStartingWith(unanswered)
                .hasMessageContaining("timed out, no answer within 150 ms, 1 time;");
        assertThatThrownBy(() -> sink.write(tables.get(2))).isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessageStartingWith("OpenMetadata at " + server.hostPort() + " stopped answering: it accepted the"
                        + " connection but did not answer within 150 ms; ")
                .hasMessageContaining("3 calls in a row failed");
        assertThatThrownBy(() -> sink.write(tables.get(3))).isInstanceOf(OpenMetadataUnavailableException.class);
    }
}
