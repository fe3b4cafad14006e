package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.OpenMetadataServerConfig.SslConfig;
import io.metaingest.testing.CapturedLogs;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verifySSL and sslConfig against the stand-in served over TLS with a certificate of a private CA, as an
 * OpenMetadata behind https with its organisation's CA.
 */
class ServerTlsTest {

    private static final String TOKEN = "eyJ.tls.bot.token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final RetryPolicy FAST = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final String SERVER = "workflowConfig.openMetadataServerConfig";

    @TempDir
    static Path folder;
    private static TestCertificates certificates;
    /** Another CA's, which the server does not trust. */
    private static TestCertificates otherCertificates;

    private OpenMetadataStandIn server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.make(folder);
        otherCertificates = TestCertificates.make(Files.createDirectories(folder.resolve("other")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private OpenMetadataStandIn serve(boolean needClientCertificate) throws Exception {
        server = OpenMetadataStandIn.overTls(TOKEN, certificates.serverContext(), needClientCertificate);
        return server;
    }

    private OpenMetadataClient client(String verifySSL, SslConfig ssl) {
        return new OpenMetadataClient(new OpenMetadataServerConfig(server.hostPort(), "openmetadata",
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN)), null, verifySSL, ssl),
                HTTP, new ObjectMapper(), 1, FAST, Sleeper.SYSTEM);
    }

    private static SslConfig ca() {
        return new SslConfig(certificates.caPem().toString(), null, null);
    }

    @Test
    void validateWithTheCaCertificateReadsTheServer() throws Exception {
        serve(false);
        assertThat(OpenMetadataConnections.readVersion(client("validate", ca())).version()).isEqualTo("1.6.4");
    }

    @Test
    void withoutTheCaCertificateTheFailureNamesVerifySslAndCaCertificateNotHostPort() throws Exception {
        serve(false);
        for (String verifySSL : new String[] {null, "no-ssl"}) {
            assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client(verifySSL, null)))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                        assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + server.hostPort()
                                + ": GET /v1/system/version: the server's certificate is not signed by a trusted CA:"
                                + " verifySSL is no-ssl, so the certificate is checked with this JVM's trust store; for a"
                                + " private CA set " + SERVER + ".verifySSL: validate and " + SERVER
                                + ".sslConfig.caCertificate: the CA's PEM file (or verifySSL: ignore, not verified)");
                    });
        }
    }

    @Test
    void validateWithAnotherCaNamesTheCaFile() throws Exception {
        serve(false);
        // The client's certificate is no CA of the server's: the check must fail, naming the file given.
        SslConfig wrong = new SslConfig(certificates.clientCertificatePem().toString(), null, null);
        assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client("validate", wrong)))
                .hasMessageContaining("the server's certificate is not signed by a trusted CA: check that " + SERVER
                        + ".sslConfig.caCertificate (" + certificates.clientCertificatePem() + ") is the CA that signed")
                .hasMessageNotContaining("check " + SERVER + ".hostPort");
    }

    @Test
    void ignoreReadsTheServerAndWarnsOnceThatItIsNotVerified() throws Exception {
        serve(false);
        CapturedLogs logs = CapturedLogs.logger(ServerTls.class);
        try (logs) {
            assertThat(OpenMetadataConnections.readVersion(client("ignore", null)).version()).isEqualTo("1.6.4");
            assertThat(OpenMetadataConnections.readVersion(client("ignore", null)).version()).isEqualTo("1.6.4");
        }
        assertThat(logs.messages()).containsExactly(SERVER + ".verifySSL is"
                + " ignore: the certificate of OpenMetadata at " + server.hostPort() + " is not verified, so anyone in"
                + " between can read the bot's token; use verifySSL validate with sslConfig.caCertificate");
    }

    @Test
    void aClientCertificateIsPresentedWhenGivenAndItsKeyNeverPrinted() throws Exception {
        serve(true);
        String key = Files.readString(certificates.clientKeyPem());
        SslConfig withCertificate = new SslConfig(certificates.caPem().toString(),
                certificates.clientCertificatePem().toString(), certificates.clientKeyPem().toString());
        assertThat(ServerTls.problems(config("validate", withCertificate))).isEmpty();
        assertThat(OpenMetadataConnections.readVersion(client("validate", withCertificate)).version()).isEqualTo("1.6.4");

        assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client("validate", ca())))
                .hasMessageEndingWith("GET /v1/system/version: the server ended the handshake, as one asking for a client"
                        + " certificate does: give " + SERVER
                        + ".sslConfig.sslCertificate and sslKey (PEM files of a certificate its CA signed)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.lines().skip(1).findFirst().orElseThrow()));
    }

    @Test
    void underTls13AClientCertificateRefusedOrMissingNamesTheClientCertificateSettings() throws Exception {
        // TLS 1.3: the server refuses after the client's side of the handshake, so the JDK sees a closed connection.
        server = OpenMetadataStandIn.overTls13NeedingClientCertificate(TOKEN, certificates.serverContext());
        SslConfig withCertificate = new SslConfig(certificates.caPem().toString(),
                certificates.clientCertificatePem().toString(), certificates.clientKeyPem().toString());
        assertThat(OpenMetadataConnections.readVersion(client("validate", withCertificate)).version()).isEqualTo("1.6.4");

        assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client("validate", ca())))
                .hasMessage("OpenMetadata at " + server.hostPort() + ": GET /v1/system/version: the server asked for a"
                        + " client certificate, then closed the connection: it may have refused the connection without"
                        + " one; give " + SERVER + ".sslConfig.sslCertificate/sslKey (PEM files of a certificate its CA"
                        + " signed)");
        // A certificate its CA did not sign (another CA's): the server refuses it, and the line names the setting.
        SslConfig foreign = new SslConfig(certificates.caPem().toString(),
                otherCertificates.clientCertificatePem().toString(), otherCertificates.clientKeyPem().toString());
        String key = Files.readString(otherCertificates.clientKeyPem());
        assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client("ignore", foreign)))
                .hasMessageEndingWith("GET /v1/system/version: the server asked for a client certificate, then closed"
                        + " the connection: it may have refused the client certificate; check that " + SERVER
                        + ".sslConfig.sslCertificate/sslKey are a certificate and its key signed by a CA the server trusts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key.lines().skip(1).findFirst().orElseThrow()));
    }

    @Test
    void aConnectionClosedByAServerThatAskedForNoCertificateIsNotBlamedOnOne() throws Exception {
        // A TLS server that takes the connection and closes it without a word: no certificate was asked for.
        SSLServerSocket closing = (SSLServerSocket) certificates.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        try (closing) {
            Thread closer = new Thread(() -> {
                while (!closing.isClosed()) {
                    try (java.net.Socket socket = closing.accept()) {
                        ((javax.net.ssl.SSLSocket) socket).startHandshake();
                    } catch (java.io.IOException closed) {
                        // the next connection, or the end
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();
            String https = "https://127.0.0.1:" + closing.getLocalPort() + "/api";
            SslConfig withCertificate = new SslConfig(certificates.caPem().toString(),
                    certificates.clientCertificatePem().toString(), certificates.clientKeyPem().toString());
            OpenMetadataClient client = new OpenMetadataClient(new OpenMetadataServerConfig(https, "openmetadata",
                    new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN)), null, "validate", withCertificate),
                    HTTP, new ObjectMapper(), 1, FAST, Sleeper.SYSTEM);
            assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client))
                    .hasMessageContaining("closed")
                    .hasMessageNotContaining("client certificate")
                    .hasMessageNotContaining("sslCertificate");
        }
    }

    @Test
    void aPlainHttpPortGivenAsHttpsNamesTheScheme() throws Exception {
        // A plain HTTP server answers a TLS hello with its 400, as Jetty and nginx do.
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (java.net.Socket socket = plain.accept()) {
                        socket.getInputStream().read(new byte[512]);
                        socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            String https = "https://127.0.0.1:" + plain.getLocalPort() + "/api";
            OpenMetadataClient client = new OpenMetadataClient(new OpenMetadataServerConfig(https, "openmetadata",
                    new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN)), null, "validate", ca()),
                    HTTP, new ObjectMapper(), 1, FAST, Sleeper.SYSTEM);
            assertThatThrownBy(() -> OpenMetadataConnections.readVersion(client))
                    .hasMessageEndingWith("the port speaks plain HTTP, not TLS: write " + SERVER + ".hostPort with http://");
        }
    }

    private static OpenMetadataServerConfig config(String verifySSL, SslConfig ssl) {
        return new OpenMetadataServerConfig("https://om.example.com/api", null, null, null, verifySSL, ssl);
    }

    @Test
    void eachWrongSettingIsOneProblemNamingItsPathAndTheFix() throws Exception {
        Path notPem = Files.writeString(folder.resolve("notes.txt"), "CANARY-not-a-certificate");
        Path pkcs1 = Files.writeString(folder.resolve("rsa.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nQ0FOQVJZLXNlY3JldA==\n-----END RSA PRIVATE KEY-----\n");
        String missing = folder.resolve("nowhere/ca.pem").toString();

        assertThat(ServerTls.problems(config("strict", null))).containsExactly(new ServerTls.Problem(SERVER + ".verifySSL",
                "'strict' is not a value of verifySSL; write no-ssl, ignore or validate"));
        assertThat(ServerTls.problems(config("validate", null))).containsExactly(new ServerTls.Problem(SERVER + ".sslConfig",
                "missing; verifySSL validate checks the server's certificate with the CA certificate this names: give its"
                        + " PEM file's path (sslConfig.caCertificate: /path/to/ca.pem), or use verifySSL no-ssl for a"
                        + " certificate this JVM's trust store trusts"));
        assertThat(ServerTls.problems(config("validate", new SslConfig(missing, null, null)))).containsExactly(
                new ServerTls.Problem(SERVER + ".sslConfig.caCertificate", missing + " does not exist; give the path of"
                        + " the CA certificate that signed the server's certificate (a PEM file)"));
        assertThat(ServerTls.problems(config("validate", new SslConfig(folder.toString(), null, null))))
                .extracting(ServerTls.Problem::message).containsExactly(folder + " is a folder; give the path of the CA"
                        + " certificate that signed the server's certificate (a PEM file)");
        assertThat(ServerTls.problems(config("validate", new SslConfig(notPem.toString(), null, null))))
                .extracting(ServerTls.Problem::message).containsExactly(notPem + " is not the CA certificate that signed"
                        + " the server's certificate in PEM (no -----BEGIN CERTIFICATE----- block); give the path of the CA"
                        + " certificate that signed the server's certificate (a PEM file)");
        assertThat(ServerTls.problems(config("validate", new SslConfig(certificates.caPem().toString(),
                certificates.clientCertificatePem().toString(), pkcs1.toString()))))
                .containsExactly(new ServerTls.Problem(SERVER + ".sslConfig.sslKey", pkcs1 + " is not the client"
                        + " certificate's private key in PEM (a RSA PRIVATE KEY block; convert it to unencrypted PKCS#8 with"
                        + " openssl pkcs8 -topk8 -nocrypt); give the path of the client certificate's private key (a PEM file)"));
        assertThat(ServerTls.problems(config("ignore", new SslConfig(null, certificates.clientCertificatePem().toString(),
                null)))).extracting(ServerTls.Problem::path).containsExactly(SERVER + ".sslConfig.sslKey");
        // no-ssl reads no file, as OpenMetadata's client does not.
        assertThat(ServerTls.problems(config("no-ssl", new SslConfig(missing, null, null)))).isEmpty();
        assertThat(ServerTls.problems(config(null, null))).isEmpty();
        assertThat(ServerTls.problems(null)).isEmpty();
    }

    @Test
    void anHttpServerUsesTheGivenClientWhateverVerifySslSays() {
        OpenMetadataServerConfig plain = new OpenMetadataServerConfig("http://localhost:8585/api", null, null, null,
                "validate", ca());
        assertThat(ServerTls.httpClient(plain, HTTP)).isSameAs(HTTP);
        assertThat(ServerTls.httpClient(config("no-ssl", null), HTTP)).isSameAs(HTTP);
        assertThat(ServerTls.httpClient(config("validate", ca()), HTTP)).isNotSameAs(HTTP);
    }

    @Test
    void theProblemsNeverQuoteAFilesContents() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret.key"), "CANARY-private-key-material");
        List<ServerTls.Problem> problems = ServerTls.problems(config("ignore", new SslConfig(null,
                certificates.clientCertificatePem().toString(), secret.toString())));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).doesNotContain("CANARY");
    }
}
