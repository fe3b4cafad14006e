package io.metaingest.openmetadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA, a server certificate it signed for 127.0.0.1 and a client certificate it signed, made by the
 * JDK's keytool at test time (nothing committed expires), with the PEM files a workflow names. Public for the
 * tests of other modules (the cli's) that reach an HTTPS stand-in.
 *
 * @param caPem the CA's certificate, PEM
 * @param clientCertificatePem the client's certificate, PEM
 * @param clientKeyPem the client's private key, PKCS#8 PEM
 * @param serverStore the server's key and chain, PKCS#12
 */
public record TestCertificates(Path caPem, Path clientCertificatePem, Path clientKeyPem, Path serverStore) {

    private static final String PASSWORD = "changeit";

    /** Makes the files in {@code folder} (seven keytool runs; the rest in Java, as keytool runs are slow JVMs). */
    public static TestCertificates make(Path folder) throws Exception {
        Path ca = folder.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=metaingest test CA",
                "-ext", "bc:c", "-validity", "3", "-keystore", ca.toString());
        Path caPem = pem(folder.resolve("ca.pem"), "CERTIFICATE", load(ca).getCertificate("ca").getEncoded());
        Path server = signed(folder, ca, "server", "CN=127.0.0.1", "san=ip:127.0.0.1");
        Path client = signed(folder, ca, "client", "CN=ingestion-bot", null);
        Path keyPem = pem(folder.resolve("client-key.pem"), "PRIVATE KEY",
                load(folder.resolve("client.p12")).getKey("client", PASSWORD.toCharArray()).getEncoded());
        // The server's store: its key with the chain the CA signed, for the server's key manager.
        KeyStore serverStore = load(folder.resolve("server.p12"));
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.Certificate[] chain;
        try (InputStream signed = Files.newInputStream(server); InputStream root = Files.newInputStream(caPem)) {
            chain = new java.security.cert.Certificate[] {x509.generateCertificate(signed), x509.generateCertificate(root)};
        }
        serverStore.setKeyEntry("server", serverStore.getKey("server", PASSWORD.toCharArray()), PASSWORD.toCharArray(), chain);
        Path serverStoreFile = folder.resolve("server-chain.p12");
        try (java.io.OutputStream out = Files.newOutputStream(serverStoreFile)) {
            serverStore.store(out, PASSWORD.toCharArray());
        }
        return new TestCertificates(caPem, client, keyPem, serverStoreFile);
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        return Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }

    /** The server's TLS: its certificate, and (for client certificates) the CA as the one it trusts. */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(serverStore), PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** A key pair in {@code <alias>.p12} and its certificate signed by the CA, PEM, whose path is returned. */
    private static Path signed(Path folder, Path ca, String alias, String dname, String san) throws Exception {
        Path store = folder.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "3",
                "-keystore", store.toString());
        Path request = folder.resolve(alias + ".csr");
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", request.toString());
        Path certificate = folder.resolve(alias + "-signed.pem");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", request.toString(), "-outfile", certificate.toString(), "-validity", "3"));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(new String[0]));
        return certificate;
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
        }
    }
}
