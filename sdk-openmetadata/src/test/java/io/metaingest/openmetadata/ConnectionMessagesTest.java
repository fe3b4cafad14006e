package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.FAST;
import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.testing.CapturedLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One line per problem, naming the setting to fix: a token refused mid-run, a hostPort without /api. */
class ConnectionMessagesTest {

    private static final String JWT = "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken";

    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();

    private OpenMetadataClient client(String hostPort) {
        return new OpenMetadataClient(serverConfig(hostPort, TOKEN), HTTP, mapper, 1);
    }

    /** A client retrying as {@link BotClients#FAST} (waits not slept), for answers the retries have to get past. */
    private OpenMetadataClient retrying(String hostPort) {
        return new OpenMetadataClient(serverConfig(hostPort, TOKEN), HTTP, mapper, 1, FAST, wait -> { });
    }

    private static final String HOST = "workflowConfig.openMetadataServerConfig.hostPort";

    private MetadataRestSink sink(OpenMetadataClient client) throws ConnectionException {
        return new MetadataRestSink(client, MetadataRestSinkConfig.defaults(),
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null), mapper);
    }

    @Test
    void aTokenRevokedMidRunNamesTheTokensSettingAsAtStart() throws Exception {
        MetadataRestSink sink = sink(client(server.hostPort()));
        sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
        server.acceptOnly("another-token");

        assertThatThrownBy(() -> sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null)))
                .isInstanceOf(OpenMetadataAuthException.class)
                .hasMessage("OpenMetadata at " + server.hostPort() + " refused the token: PUT /v1/databaseSchemas answered 401: Not Authorized! Token"
                        + " verification failed; check " + JWT)
                .cause().isInstanceOf(ConnectionException.class);
    }

    @Test
    void aTokenRefusedAtStartSaysTheSameOnce() {
        server.acceptOnly("another-token");
        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOf(ConnectionException.class)
                .hasMessage("OpenMetadata at " + server.hostPort() + " refused the token: GET /v1/services/databaseServices/name/pg answered 401: Not"
                        + " Authorized! Token verification failed; check " + JWT);
    }

    private static final String PRINCIPAL = "Principal: CatalogPrincipal{name='ingestion-bot'} operations";

    @Test
    void aForbiddenWriteMidRunNamesThePermissionTheBotsRoleLacksNotTheToken() throws Exception {
        MetadataRestSink sink = sink(client(server.hostPort()));
        sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
        server.failNext("PUT /v1/databaseSchemas", 403);

        assertThatThrownBy(() -> sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null)))
                .isInstanceOfSatisfying(OpenMetadataAuthException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("the ingestion bot's role lacks a permission (OpenMetadata at "
                            + server.hostPort() + " accepted the token): PUT /v1/databaseSchemas answered 403: " + PRINCIPAL + " [EditAll] not allowed;"
                            + " allow the EditAll operation to the ingestion bot's role in OpenMetadata");
                    assertThat(e.answer()).isEqualTo("PUT /v1/databaseSchemas answered 403: " + PRINCIPAL
                            + " [EditAll] not allowed");
                })
                .hasMessageNotContaining("refused the token").hasMessageNotContaining(JWT)
                .cause().isInstanceOfSatisfying(ConnectionException.class,
                        c -> assertThat(c.reason()).isEqualTo(ConnectionException.Reason.PERMISSION));
    }

    @Test
    void aForbiddenCallAtStartIsAPermissionFailureNotARefusedToken() {
        server.failNext("GET /v1/services/databaseServices/name/pg", 403);
        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
            assertThat(e.getMessage()).isEqualTo("the ingestion bot's role lacks a permission (OpenMetadata at "
                    + server.hostPort() + " accepted the token): GET /v1/services/databaseServices/name/pg answered 403: " + PRINCIPAL + " [ViewAll] not"
                    + " allowed; allow the ViewAll operation to the ingestion bot's role in OpenMetadata");
        });
    }

    private static final String BASE = "https://om.example.com/api";

    @Test
    void aForbiddenCallNamesWhateverOperationOpenMetadataNamesOrSaysThePermissionTheCallNeeds() {
        assertThat(OpenMetadataClient.notAllowed(BASE, "PUT /v1/x answered 403: …", "Principal: CatalogPrincipal{name='b'}"
                + " operation EditIngestionPipelineStatus denied by role IngestionBotRole, policy P, rule R"))
                .endsWith("; allow the EditIngestionPipelineStatus operation to the ingestion bot's role in OpenMetadata");
        assertThat(OpenMetadataClient.notAllowed(BASE, "PUT /v1/x answered 403: …", PRINCIPAL + " [EditAll, EditTags] not allowed"))
                .endsWith("; allow the EditAll, EditTags operations to the ingestion bot's role in OpenMetadata");
        assertThat(OpenMetadataClient.notAllowed(BASE, "PUT /v1/x answered 403: Forbidden", "Forbidden"))
                .isEqualTo("the ingestion bot's role lacks a permission (OpenMetadata at " + BASE + " accepted the token):"
                        + " PUT /v1/x"
                        + " answered 403: Forbidden; allow the operation this call needs to the ingestion bot's role in"
                        + " OpenMetadata");
    }

    @Test
    void aHostPortWithoutApiIsNamedWithTheFix() {
        String withoutApi = server.hostPort().replaceAll("/api$", "");
        assertThatThrownBy(() -> sink(client(withoutApi))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
            // What answers outside /api here is the HTTP server's own page, named by its words.
            assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + withoutApi + " answered 404 to GET /v1/system/version"
                    + " with an HTML page (404 Not Found No context found for request);"
                    + " workflowConfig.openMetadataServerConfig.hostPort should end in /api (" + withoutApi + "/api)");
        });
    }

    @Test
    void aWrongHostPortIsNotBlamedOnTheIngestionPipelineFqn() {
        String withoutApi = server.hostPort().replaceAll("/api$", "");
        IngestionStatusReporter reporter = new IngestionStatusReporter(client(withoutApi), "pg.metadata");
        assertThatThrownBy(reporter::checkPipeline).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("hostPort should end in /api").hasMessageNotContaining("ingestionPipelineFQN");

        IngestionStatusReporter right = new IngestionStatusReporter(client(server.hostPort()), "pg.metadata");
        assertThatThrownBy(right::checkPipeline).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("check ingestionPipelineFQN");
    }

    @Test
    void aServerNobodyListensOnIsNamedAsSuchWithoutAJavaClass() throws Exception {
        String hostPort = server.hostPort();
        server.close(); // the port is free now: the connection is refused

        assertThatThrownBy(() -> sink(client(hostPort))).isInstanceOf(ConnectionException.class)
                // The call relative to hostPort, as every other line names calls.
                .hasMessageStartingWith("cannot reach OpenMetadata at " + hostPort + " (GET /v1/system/version:"
                        + " cannot connect to http://127.0.0.1:")
                .hasMessageEndingWith("; check workflowConfig.openMetadataServerConfig.hostPort")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void anApiBaseThatIsNotOpenMetadataSaysToCheckTheHost() {
        String elsewhere = server.hostPort() + "/api";
        assertThatThrownBy(() -> sink(client(elsewhere))).isInstanceOf(ConnectionException.class)
                .hasMessageEndingWith("; check workflowConfig.openMetadataServerConfig.hostPort names the OpenMetadata"
                        + " server (e.g. http://localhost:8585/api)");
    }

    @Test
    void a5xxThatOutlastsTheRetriesAtStartIsAnUnreachableServerNamedByHostPort() {
        server.failNext("GET /v1/system/version", 503, 503, 503, 503);

        assertThatThrownBy(() -> sink(retrying(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + server.hostPort() + " is failing: GET"
                    + " /v1/system/version answered 503: Internal server error (after 4 attempts); check that the server"
                    + " is up, and " + HOST + " (a proxy answering in its place)");
        });
    }

    /** The toolkit's retry warnings name a call as every failure line does, relative to hostPort (not /api/v1/…). */
    @Test
    void retryWarningsNameTheCallAsTheFailureLinesDo() throws Exception {
        CapturedLogs logs = CapturedLogs.logger(io.metaingest.toolkit.JsonHttpClient.class);
        try (logs) {
            MetadataRestSink sink = sink(retrying(server.hostPort()));
            server.failNext("PUT /v1/databases", 503, 503, 503, 503);
            assertThatThrownBy(() -> sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null)))
                    .hasMessageStartingWith("PUT /v1/databases answered 503: ");
        }
        // The debug lines show the whole URL, where the base's /api belongs.
        assertThat(logs.events()).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("PUT /v1/databases: HTTP 503; retry "));
    }

    /** A proxy's page of any status, in place of OpenMetadata's JSON: named by its title, never quoted. */
    @Test
    void anHtmlPageAtStartIsNotOpenMetadataAnsweringWhateverItsStatus() {
        String page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{font:sans}</style></head>"
                + "<body><h1>Bad Gateway</h1><p>" + "The upstream server did not answer. ".repeat(20) + "</p></body></html>";
        server.answerInsteadOfServer("GET /v1/system/version", 4, 502, "text/html", page);

        assertThatThrownBy(() -> sink(retrying(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + server.hostPort() + " did not answer as"
                    + " OpenMetadata: GET /v1/system/version answered 502 with an HTML page (502 Bad Gateway) (after 4"
                    + " attempts); check " + HOST + " (a wrong host, or a proxy or login page answering in its place),"
                    + " and that the server is up");
        });

        // A 404 page is no "not found" of OpenMetadata's either: the same line, not the one about /api.
        server.answerInsteadOfServer("GET /v1/system/version", 1, 404, "text/html",
                "<html><head><title>Page not found</title></head><body>Nothing here</body></html>");
        assertThatThrownBy(() -> sink(retrying(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).startsWith("OpenMetadata at " + server.hostPort() + " did not answer as"
                    + " OpenMetadata: GET /v1/system/version answered 404 with an HTML page (Page not found); check " + HOST);
        });
    }

    @Test
    void aPageInA200AtStartNamesTheServerItCameFrom() {
        server.answerJunkToNext("GET /v1/system/version");

        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + server.hostPort() + ": GET /v1/system/version: an"
                    + " HTML page in a 200 response, not the OpenMetadata API answering: check " + HOST + " (a wrong host,"
                    + " or a proxy or login page answering in its place)");
        });
    }

    /** OpenMetadata's own web UI (hostPort without /api behind a proxy that serves it for every path), or a proxy's portal. */
    @Test
    void aWebPageInA200IsNamedByItsTitleAtStartAndMidRun() throws Exception {
        server.answerInsteadOfServer("GET /v1/system/version", 1, 200, "text/html", "<!DOCTYPE html><html><head>"
                + "<title>\n    OpenMetadata\n  </title><script>window.__config = {};</script></head><body><div id=\"root\">"
                + "</div></body></html>");
        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOf(ConnectionException.class)
                .hasMessage("OpenMetadata at " + server.hostPort() + ": GET /v1/system/version: an HTML page (OpenMetadata)"
                        + " in a 200 response, not the OpenMetadata API answering: check " + HOST + " (a wrong host, or a"
                        + " proxy or login page answering in its place)");

        MetadataRestSink sink = sink(client(server.hostPort()));
        server.answerInsteadOfServer("PUT /v1/databases", 1, 200, "text/html",
                "<html><head><title>Acme Corporate Proxy &middot; Access Portal</title></head><body>Welcome</body></html>");
        assertThatThrownBy(() -> sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null)))
                .isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessageContaining(": PUT /v1/databases: an HTML page (Acme Corporate Proxy · Access Portal) in a 200"
                        + " response, not the OpenMetadata API answering");
    }

    @Test
    void anyOtherRefusalAtStartNamesTheServer() {
        server.answerInsteadOfServer("GET /v1/services/databaseServices/name/pg", 1, 405, "application/json",
                "{\"code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}");

        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOf(ConnectionException.class)
                .hasMessage("OpenMetadata at " + server.hostPort() + ": GET /v1/services/databaseServices/name/pg"
                        + " answered 405: HTTP 405 Method Not Allowed");
    }

    /** An SSO gateway's login page is not OpenMetadata refusing the token: the token's setting is not what to check. */
    @Test
    void aLoginPageAt401IsAGatewayRefusingTheRequestNotOpenMetadataRefusingTheToken() {
        server.answerInsteadOfServer("GET /v1/services/databaseServices/name/pg", 1, 401, "text/html",
                "<html><head><title>Sign in to Acme SSO</title></head><body><form>user, password</form></body></html>");

        assertThatThrownBy(() -> sink(client(server.hostPort()))).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).isEqualTo("a proxy or gateway in front of OpenMetadata at " + server.hostPort()
                    + " refused GET /v1/services/databaseServices/name/pg with 401 and an HTML page (Sign in to Acme SSO)"
                    + " before it reached OpenMetadata; check " + HOST + " names OpenMetadata's API itself, or have the"
                    + " gateway let the ingestion's requests through");
        });
    }

    /**
     * After a refusal no call is sent (the toolkit keeps the credentials refused): a later call's line says it was not
     * sent and why, and never claims an answer to a request that did not go out.
     */
    @Test
    void aCallAfterAGatewaysLoginPageSaysItWasNotSentNotThatTheGatewayRefusedIt() throws Exception {
        MetadataRestSink sink = sink(client(server.hostPort()));
        server.answerInsteadOfServer("PUT /v1/databases", 1, 401, "text/html",
                "<html><head><title>Sign in to Acme SSO</title></head><body><form>password</form></body></html>");
        String refusal = "a proxy or gateway in front of OpenMetadata at " + server.hostPort() + " refused PUT /v1/databases"
                + " with 401 and an HTML page (Sign in to Acme SSO) before it reached OpenMetadata; check " + HOST
                + " names OpenMetadata's API itself, or have the gateway let the ingestion's requests through";
        assertThatThrownBy(() -> sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null)))
                .isInstanceOf(OpenMetadataUnavailableException.class).hasMessage(refusal);
        server.clearCalls();

        assertThatThrownBy(() -> sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null)))
                .isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessage("PUT /v1/databaseSchemas was not sent, since an earlier call was refused: " + refusal)
                .hasMessageNotContaining("refused PUT /v1/databaseSchemas");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void aCallAfterTheTokenWasRefusedSaysItWasNotSentNotThatItWasAnswered() throws Exception {
        MetadataRestSink sink = sink(client(server.hostPort()));
        server.acceptOnly("another-token");
        assertThatThrownBy(() -> sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null)))
                .isInstanceOf(OpenMetadataAuthException.class);
        server.clearCalls();

        assertThatThrownBy(() -> sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null)))
                .isInstanceOfSatisfying(OpenMetadataAuthException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("PUT /v1/databaseSchemas was not sent, since an earlier call was refused: OpenMetadata at "
                        + server.hostPort() + " refused the token: PUT /v1/databases answered 401: Not Authorized! Token verification failed;"
                        + " check " + JWT)
                .hasMessageNotContaining("PUT /v1/databaseSchemas answered");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void aGatewaysHtml403MidRunEndsTheRunAsTheGatewaysNotAsAPermissionOfTheBot() throws Exception {
        MetadataRestSink sink = sink(client(server.hostPort()));
        server.answerInsteadOfServer("PUT /v1/databases", 1, 403, "text/html",
                "<html><head><title>403 Forbidden</title></head><body><center>nginx</center></body></html>");

        assertThatThrownBy(() -> sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null)))
                .isInstanceOf(OpenMetadataUnavailableException.class)
                .hasMessage("a proxy or gateway in front of OpenMetadata at " + server.hostPort() + " refused PUT"
                        + " /v1/databases with 403 and an HTML page (403 Forbidden) before it reached OpenMetadata; check "
                        + HOST + " names OpenMetadata's API itself, or have the gateway let the ingestion's requests"
                        + " through")
                .hasMessageNotContaining("refused the token").hasMessageNotContaining("ingestion bot's role");
    }
}
