package io.metaingest.connectors.postgres;

import io.metaingest.api.SettingProblem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values of {@code sslConfig}: PEM text, as OpenMetadata's connection takes them, or the path of a PEM file, as
 * some of its documentation writes them. The driver reads files, so text goes to a private temporary file and a path
 * is used as it is; anything else is refused when the workflow is loaded, rather than read as a certificate that
 * fails the TLS handshake with a message about the host.
 */
final class SslFiles {

    private SslFiles() {
    }

    /** Whether {@code value} is PEM text rather than a path. */
    static boolean isPem(String value) {
        return value.contains("-----BEGIN ");
    }

    /** The PEM file {@code value} names, when it is a path to one that exists here. */
    static Optional<Path> file(String value) {
        return path(value).filter(Files::isRegularFile);
    }

    /** The path {@code value} writes, when it can be one: a single line the file system takes as a path. */
    private static Optional<Path> path(String value) {
        if (value.lines().count() > 1) {
            return Optional.empty(); // text without PEM's header, not a file's name
        }
        try {
            return Optional.of(Path.of(value.trim()));
        } catch (InvalidPathException notAPath) {
            return Optional.empty();
        }
    }

    /**
     * One problem per value that is neither PEM text nor a file that exists; the key's value is never quoted. A path
     * of a file that is not here is this machine's problem ({@link SettingProblem#ofThisMachine}): the machine that
     * runs the workflow may have it.
     */
    static List<SettingProblem> problems(PostgresConnection.SslConfig ssl) {
        List<SettingProblem> problems = new ArrayList<>();
        if (ssl == null) {
            return problems;
        }
        check("caCertificate", ssl.caCertificate(), "the CA's certificate", problems);
        check("sslCertificate", ssl.sslCertificate(), "the client's certificate", problems);
        check("sslKey", ssl.sslKey() == null ? null : ssl.sslKey().reveal(), "the client's private key", problems);
        return problems;
    }

    private static void check(String field, String value, String what, List<SettingProblem> problems) {
        if (value == null || value.isBlank() || isPem(value) || file(value).isPresent()) {
            return;
        }
        String path = "sslConfig." + field;
        String message = "is neither PEM text (-----BEGIN …) nor the path of a file that exists here: give " + what
                + " as its PEM text, or the path of its PEM file";
        problems.add(path(value).isPresent() ? SettingProblem.ofThisMachine(path, message) : new SettingProblem(path, message));
    }
}
