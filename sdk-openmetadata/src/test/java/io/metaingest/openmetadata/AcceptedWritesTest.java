package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.Status;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import io.metaingest.toolkit.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Writes the server accepted are counted as what they did, even when its answer went missing. */
class AcceptedWritesTest {

    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4),
            Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final ObjectMapper mapper = new ObjectMapper();
    private final Status own = new Status();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    private MetadataRestSink sink;

    @BeforeEach
    void start() throws Exception {
        OpenMetadataClient client = new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN), HTTP, mapper, 2, FAST,
                wait -> { });
        sink = new MetadataRestSink(client, MetadataRestSinkConfig.defaults(),
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null), MarkDeletedPolicy.none(), null, own,
                mapper);
        sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
        sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null));
    }

    private static CreateTableRequest table(String description) {
        return new CreateTableRequest("orders", null, description, TableType.REGULAR,
                List.of(Column.of("id", DataType.BIGINT, 1)), null, null, null, "pg.shop.public", null, null, null);
    }

    @Test
    void a201WhoseBodyIsCutShortCountsAsCreatedWithAWarning() throws Exception {
        server.cutBodyOfNext("PUT /v1/tables", 1);

        assertThat(sink.write(table("one"))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.count("table")).isEqualTo(1);
        assertThat(own.warnings()).isEqualTo(1);
        assertThat(own.firstWarnings()).containsExactly("pg.shop.public.orders: PUT /v1/tables answered 201 with a body that cannot be read; the server has it, so it counts as written");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .endsWith("PUT /v1/tables", "GET /v1/tables/name/pg.shop.public.orders");
    }

    @Test
    void a200HtmlPageInPlaceOfTheServersAnswerEndsTheRunNamingHostPort() {
        server.answerJunkToNext("PUT /v1/tables");

        // Not OpenMetadata answering (a proxy's or a login page): nothing of the run reaches the server that way.
        assertThatThrownBy(() -> sink.write(table("one"))).isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessage("OpenMetadata at " + server.hostPort() + ": PUT /v1/tables: an HTML page in a 200 response,"
                        + " not the OpenMetadata API answering:"
                        + " check workflowConfig.openMetadataServerConfig.hostPort (a wrong host, or a proxy or login"
                        + " page answering in its place)");
        assertThat(server.count("table")).isZero();
        assertThat(own.warnings()).isZero();
    }

    @Test
    void aRetryAfterTheFirstAttemptsAnswerWasLostCountsAsCreatedOnAnEmptyServer() throws Exception {
        server.loseAnswerOfNext("PUT /v1/tables", 502);

        assertThat(sink.write(table("one"))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::status).endsWith(502, 200);
        assertThat(server.count("table")).isEqualTo(1);
    }

    @Test
    void aRetryAfterALostAnswerCountsAsUpdatedWhenTheEntityExistedBefore() throws Exception {
        assertThat(sink.write(table("one"))).isEqualTo(WriteOutcome.CREATED);
        server.loseAnswerOfNext("PUT /v1/tables", 502);

        assertThat(sink.write(table("two"))).isEqualTo(WriteOutcome.UPDATED);
        assertThat(server.entity("table", "pg.shop.public.orders").get("version").asDouble()).isEqualTo(0.2);
    }

    @Test
    void aSecondIdenticalWriteWithoutRetriesIsUpdated() throws Exception {
        assertThat(sink.write(table("one"))).isEqualTo(WriteOutcome.CREATED);
        assertThat(sink.write(table("one"))).isEqualTo(WriteOutcome.UPDATED);
    }
}
