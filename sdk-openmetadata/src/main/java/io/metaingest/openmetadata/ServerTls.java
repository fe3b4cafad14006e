package io.metaingest.openmetadata;

import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.OpenMetadataServerConfig.SslConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code verifySSL} and {@code sslConfig} of {@code workflowConfig.openMetadataServerConfig}, with OpenMetadata
 * 1.6's meaning (its Python client hands {@code requests} the {@code verify} these give):
 * <ul>
 *   <li>{@code no-ssl}, the default: nothing of the workflow's; an {@code https} server's certificate is
 *       checked as by default (OpenMetadata: its CA bundle; here: the JVM's trust store), and {@code sslConfig}
 *       is not read;</li>
 *   <li>{@code ignore}: the certificate is not checked at all (nor its host name);</li>
 *   <li>{@code validate}: checked with the CA of {@code sslConfig.caCertificate} only (a PEM file's path),
 *       which OpenMetadata requires; a client certificate ({@code sslCertificate} with {@code sslKey}) is
 *       presented when given, also with {@code ignore}.</li>
 * </ul>
 * The files are checked when the workflow is loaded ({@link #problems}), so a wrong path is an invalid
 * configuration, not a failure of the run's first call.
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /** The setting's path, for messages. */
    static final String SERVER = "workflowConfig.openMetadataServerConfig";
    static final String VERIFY = SERVER + ".verifySSL";
    static final String SSL_CONFIG = SERVER + ".sslConfig";
    static final String CA = SSL_CONFIG + ".caCertificate";

    /** OpenMetadata 1.6's values of {@code verifySSL}. */
    static final List<String> MODES = List.of("no-ssl", "ignore", "validate");

    /** Servers already warned about as not verified: once per process, however many clients reach them. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private ServerTls() {
    }

    /**
     * A problem of the TLS settings, one line each.
     *
     * @param path the setting, e.g. {@code workflowConfig.openMetadataServerConfig.sslConfig.caCertificate}
     * @param message what is wrong and the fix, without any file's contents
     */
    public record Problem(String path, String message) {
    }

    /** The problems of {@code server}'s {@code verifySSL} and the files it uses; empty when none or no server. */
    public static List<Problem> problems(OpenMetadataServerConfig server) {
        List<Problem> problems = new ArrayList<>();
        if (server == null) {
            return problems;
        }
        String mode = mode(server);
        if (!MODES.contains(mode)) {
            problems.add(new Problem(VERIFY, "'" + mode + "' is not a value of verifySSL; write no-ssl, ignore or validate"));
            return problems;
        }
        SslConfig ssl = server.sslConfig();
        if (mode.equals("validate")) {
            if (ssl == null || blank(ssl.caCertificate())) {
                problems.add(new Problem(ssl == null ? SSL_CONFIG : CA, "missing; verifySSL validate checks the server's"
                        + " certificate with the CA certificate this names: give its PEM file's path ("
                        + (ssl == null ? "sslConfig.caCertificate" : "caCertificate") + ": /path/to/ca.pem), or use"
                        + " verifySSL no-ssl for a certificate this JVM's trust store trusts"));
            } else {
                fileProblem(CA, ssl.caCertificate(), "the CA certificate that signed the server's certificate",
                        ServerTls::certificates).ifPresent(problems::add);
            }
        }
        if (!mode.equals("no-ssl") && ssl != null) {
            boolean certificate = !blank(ssl.sslCertificate());
            boolean key = !blank(ssl.sslKey());
            if (certificate != key) {
                problems.add(new Problem(SSL_CONFIG + (certificate ? ".sslKey" : ".sslCertificate"), "missing; a client"
                        + " certificate needs both sslCertificate and sslKey: give the "
                        + (certificate ? "private key's PEM file (PKCS#8)" : "certificate's PEM file")
                        + ", or remove " + (certificate ? "sslCertificate" : "sslKey")));
            }
            if (certificate) {
                fileProblem(SSL_CONFIG + ".sslCertificate", ssl.sslCertificate(), "the client certificate",
                        ServerTls::certificates).ifPresent(problems::add);
            }
            if (key) {
                fileProblem(SSL_CONFIG + ".sslKey", ssl.sslKey(), "the client certificate's private key",
                        ServerTls::privateKey).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * {@code http} itself when the server needs nothing of the workflow's (an {@code http://} server, or
     * {@code no-ssl}); otherwise a client like it (timeouts, redirects, proxy) that checks the certificate
     * as {@code verifySSL} says. {@code ignore} is warned about once per server.
     *
     * @throws IllegalArgumentException when the files cannot be read (the loader reports that before)
     */
    public static HttpClient httpClient(OpenMetadataServerConfig server, HttpClient http) {
        return client(server, http).http();
    }

    /**
     * A client of {@link #httpClient} and whether a server it reached asked for a client certificate, which the
     * JDK does not say otherwise: under TLS 1.3 a server refusing the certificate (or its absence) closes the
     * connection after the client's side of the handshake, so the call fails as a closed connection, no TLS error.
     *
     * @param http the client
     * @param clientCertificateAsked whether a handshake of {@code http} had the server ask for a client certificate
     *                               (always false for a client made without the workflow's TLS settings)
     */
    record Client(HttpClient http, java.util.function.BooleanSupplier clientCertificateAsked) {
    }

    /** As {@link #httpClient}, with whether the server asked for a client certificate. */
    static Client client(OpenMetadataServerConfig server, HttpClient http) {
        String mode = mode(server);
        if (!server.hostPort().regionMatches(true, 0, "https:", 0, 6) || mode.equals("no-ssl") || !MODES.contains(mode)) {
            return new Client(http, () -> false);
        }
        if (mode.equals("ignore") && WARNED.add(server.hostPort())) {
            LOG.warn("{} is ignore: the certificate of OpenMetadata at {} is not verified, so anyone in between can read"
                    + " the bot's token; use verifySSL validate with sslConfig.caCertificate", VERIFY, server.hostPort());
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            AskedFor asked = new AskedFor(keyManager(server.sslConfig()));
            context.init(new KeyManager[] {asked}, mode.equals("ignore") ? new TrustManager[] {new TrustingAll()}
                    : trustManagers(server.sslConfig().caCertificate()), null);
            HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context)
                    .version(http.version()).followRedirects(http.followRedirects());
            http.connectTimeout().ifPresent(builder::connectTimeout);
            http.proxy().ifPresent(builder::proxy);
            http.executor().ifPresent(builder::executor);
            http.authenticator().ifPresent(builder::authenticator);
            http.cookieHandler().ifPresent(builder::cookieHandler);
            return new Client(builder.build(), asked::asked);
        } catch (GeneralSecurityException | IOException e) {
            // Not the file's contents: the exception's words are the JDK's, naming the part it could not read.
            throw new IllegalArgumentException(SSL_CONFIG + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * What a failed TLS handshake with the server means under these settings, and the fix, for the end of
     * one line: the JDK's reason shortened (never a class name), then which setting to change.
     */
    static String handshakeAdvice(OpenMetadataServerConfig server, Throwable failure) {
        String why = reason(failure);
        String mode = mode(server);
        if (why.equals(PLAIN_HTTP)) {
            return why + ": write " + SERVER + ".hostPort with http://";
        }
        if (why.equals(CLIENT_CERTIFICATE_REFUSED) || why.equals(ENDED)) {
            return clientCertificate(server) && !mode.equals("no-ssl")
                    ? why + ": check that the server takes the certificate of " + SSL_CONFIG + ".sslCertificate (signed"
                    + " by a CA it trusts)" : why + ": give " + SSL_CONFIG + ".sslCertificate and sslKey (PEM files of a certificate"
                    + " its CA signed)" + (mode.equals("no-ssl") ? " with verifySSL validate" : "");
        }
        if (mode.equals("validate")) {
            return why + ": check that " + CA + " (" + server.sslConfig().caCertificate() + ") is the CA that signed the"
                    + " server's certificate, and that the certificate names the host of hostPort"
                    + (clientCertificate(server) ? ", and that the server takes sslConfig.sslCertificate" : "");
        }
        if (mode.equals("ignore")) {
            return why + ": the certificate is not checked (verifySSL ignore); check hostPort's port speaks TLS"
                    + (clientCertificate(server) ? " and that the server takes " + SSL_CONFIG + ".sslCertificate"
                    : ", and give sslConfig.sslCertificate and sslKey if the server asks for a client certificate");
        }
        return why + ": verifySSL is no-ssl, so the certificate is checked with this JVM's trust store; for a private CA"
                + " set " + VERIFY + ": validate and " + CA + ": the CA's PEM file (or verifySSL: ignore, not verified)";
    }

    /**
     * The line's end for a connection the server closed before any answer, after a handshake in which it asked for
     * a client certificate ({@link Client#clientCertificateAsked}): TLS 1.3's way of refusing the certificate, or its
     * absence. Only then: a closed connection alone says nothing about certificates.
     */
    static String closedAfterClientCertificateRequest(OpenMetadataServerConfig server) {
        return clientCertificate(server)
                ? "the server asked for a client certificate, then closed the connection: it may have refused the client"
                + " certificate; check that " + SSL_CONFIG + ".sslCertificate/sslKey are a certificate and its key signed"
                + " by a CA the server trusts"
                : "the server asked for a client certificate, then closed the connection: it may have refused the"
                + " connection without one; give " + SSL_CONFIG + ".sslCertificate/sslKey (PEM files of a certificate"
                + " its CA signed)";
    }

    /** Whether {@code failure} is the server closing the connection before a byte of an answer (the JDK's words). */
    static boolean closedBeforeAnswer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException
                    || (t.getMessage() != null && t.getMessage().contains("header parser received no bytes"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean clientCertificate(OpenMetadataServerConfig server) {
        return server.sslConfig() != null && !blank(server.sslConfig().sslCertificate());
    }

    private static final String CLIENT_CERTIFICATE_REFUSED = "the server asks for a client certificate";
    private static final String ENDED = "the server ended the handshake, as one asking for a client certificate does";

    /** The JDK's reason for a failed handshake, in words: its innermost TLS exception's, never the toolkit's line. */
    private static String reason(Throwable failure) {
        String words = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return "the server's certificate is not signed by a trusted CA";
            }
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
                words = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            }
        }
        if (words == null) {
            words = String.valueOf(failure.getMessage());
        }
        if (words.contains("certificate_required") || words.contains("bad_certificate")) {
            return CLIENT_CERTIFICATE_REFUSED;
        }
        if (words.contains("Remote host terminated the handshake")) {
            return ENDED;
        }
        if (words.contains("No subject alternative") || words.contains("No name matching")) {
            return "the server's certificate does not name the host of hostPort (" + words + ")";
        }
        if (words.contains("Unrecognized SSL message") || words.contains("Unsupported or unrecognized SSL message")) {
            return PLAIN_HTTP;
        }
        return "the TLS handshake failed (" + words + ")";
    }

    private static final String PLAIN_HTTP = "the port speaks plain HTTP, not TLS";

    /** Whether {@code failure} is a TLS handshake's. */
    static boolean isHandshake(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String mode(OpenMetadataServerConfig server) {
        return server.verifySSL() == null ? "no-ssl" : server.verifySSL();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** A file's reader: its problem's words when it is not what is wanted (never its contents). */
    @FunctionalInterface
    private interface Reader {
        Object read(Path file) throws IOException, GeneralSecurityException;
    }

    private static Optional<Problem> fileProblem(String path, String value, String what, Reader reader) {
        Path file = Path.of(value);
        String fix = "; give the path of " + what + " (a PEM file)";
        if (!Files.exists(file)) {
            return Optional.of(new Problem(path, value + " does not exist" + fix));
        }
        if (Files.isDirectory(file)) {
            return Optional.of(new Problem(path, value + " is a folder" + fix));
        }
        if (!Files.isReadable(file)) {
            return Optional.of(new Problem(path, value + " cannot be read (permissions)" + fix));
        }
        try {
            reader.read(file);
            return Optional.empty();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return Optional.of(new Problem(path, value + " is not " + what + " in PEM" + (e.getMessage() == null
                    || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")") + fix));
        }
    }

    private static final Pattern PEM_CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----");
    private static final Pattern PEM_KEY =
            Pattern.compile("-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    /** The certificates of a PEM file; at least one. */
    private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        if (!PEM_CERTIFICATE.matcher(new String(bytes, StandardCharsets.US_ASCII)).find()) {
            throw new CertificateException("no -----BEGIN CERTIFICATE----- block");
        }
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(bytes));
        List<X509Certificate> certificates = new ArrayList<>();
        read.forEach(certificate -> certificates.add((X509Certificate) certificate));
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return certificates;
    }

    /** The private key of a PEM file (PKCS#8, {@code BEGIN PRIVATE KEY}). */
    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        Matcher pem = PEM_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!pem.find()) {
            throw new GeneralSecurityException("no -----BEGIN PRIVATE KEY----- block");
        }
        if (!pem.group(1).equals("PRIVATE KEY")) {
            // Only unencrypted PKCS#8 is read by the JDK alone; the message names the conversion, not the key.
            throw new GeneralSecurityException("a " + pem.group(1) + " block; convert it to unencrypted PKCS#8 with"
                    + " openssl pkcs8 -topk8 -nocrypt");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(2)));
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA", "DSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("a key of no algorithm this JVM reads");
    }

    private static TrustManager[] trustManagers(String caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (X509Certificate certificate : certificates(Path.of(caFile))) {
            trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    /** The key manager of the client certificate; null when none is given. */
    private static X509ExtendedKeyManager keyManager(SslConfig ssl) throws IOException, GeneralSecurityException {
        if (ssl == null || blank(ssl.sslCertificate()) || blank(ssl.sslKey())) {
            return null;
        }
        char[] password = new char[0]; // the in-memory store's; the key came from an unencrypted file
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", privateKey(Path.of(ssl.sslKey())), password,
                certificates(Path.of(ssl.sslCertificate())).toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 key manager in this JVM");
    }

    /**
     * The client's key manager, noting that the server asked for a client certificate: the JDK asks it for one only
     * when the server's CertificateRequest came. Presents the certificate of {@code sslConfig}, or none.
     */
    private static final class AskedFor extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager certificate;
        private volatile boolean asked;

        AskedFor(X509ExtendedKeyManager certificate) {
            this.certificate = certificate;
        }

        boolean asked() {
            return asked;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, SSLEngine engine) {
            asked = true;
            return certificate == null ? null : certificate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            asked = true;
            return certificate == null ? null : certificate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return certificate == null ? null : certificate.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return certificate == null ? null : certificate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return certificate == null ? null : certificate.getPrivateKey(alias);
        }

        // A client never serves: no server aliases.
        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /**
     * {@code verifySSL: ignore}: every certificate is taken. An {@link X509ExtendedTrustManager}, because the JDK
     * checks the host name only in its own trust managers and wraps a plain one to check it still.
     */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
