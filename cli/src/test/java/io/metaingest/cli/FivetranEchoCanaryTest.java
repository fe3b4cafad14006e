package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Fivetran endpoint whose 401 body echoes the request's credentials (the secret and the Basic
 * header): neither the apiSecret nor base64(apiKey:apiSecret) may reach stdout, stderr or the report.
 */
class FivetranEchoCanaryTest {

    private static final String KEY = "canaryApiKey";
    private static final String SECRET = io.metaingest.testkit.canary.Canary.PASSWORD;

    @TempDir
    Path dir;

    private final HttpServer server = start();
    private final CapturedCli cli = new CapturedCli();

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                String basic = authorization == null ? "" : authorization.substring("Basic ".length());
                String user = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
                byte[] body = ("{\"code\":\"AuthFailed\",\"message\":\"Invalid credentials " + user
                        + " (Authorization: " + authorization + ")\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theEchoedCredentialsAreMaskedEverywhere() throws Exception {
        Path workflow = dir.resolve("fivetran.yaml");
        Files.writeString(workflow, """
                source:
                  type: fivetran
                  serviceName: ft
                  serviceConnection:
                    config:
                      type: Fivetran
                      apiKey: %s
                      apiSecret: %s
                      hostPort: http://127.0.0.1:%d
                  sourceConfig:
                    config:
                      type: PipelineMetadata
                sink:
                  type: file
                  config:
                    path: %s
                """.formatted(KEY, SECRET, server.getAddress().getPort(), dir.resolve("out.ndjson")));
        Path report = dir.resolve("report.json");

        assertThat(cli.run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.run("ingest", "-c", workflow.toString(), "--report", report.toString()))
                .isEqualTo(ExitCodes.CONNECTION_FAILURE);

        String basic = Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String everything = cli.console()
                + Files.readString(report);
        assertThat(everything).contains("Invalid credentials " + KEY + ":******"); // the vendor's body is shown, masked
        assertThat(everything).doesNotContain(SECRET).doesNotContain(basic).doesNotContain(basic.replace("=", ""));
    }
}
