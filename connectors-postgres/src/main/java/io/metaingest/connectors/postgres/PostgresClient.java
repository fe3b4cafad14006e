package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionException.Reason;
import io.metaingest.api.ConnectionPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * JDBC only: opens read-only connections with timeouts ({@link SessionOptions}) and
 * {@code application_name}, and turns driver errors into {@link ConnectionException}s a user can act
 * on. No metadata logic here.
 */
public final class PostgresClient {

    /** What DBAs see in {@code pg_stat_activity.application_name}. */
    public static final String APPLICATION_NAME = "metaingest";
    /** The port the driver uses for a host written without one (PostgreSQL's default). */
    static final int DEFAULT_PORT = 5432;
    /** Seconds allowed to open a connection. */
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** How often a server (14 and later) checks, while a statement of ours runs, that we are still connected. */
    static final String CLIENT_CHECK_INTERVAL = "2s";
    /** Milliseconds one catalog statement may run before the server cancels it (see {@link SessionOptions}). */
    static final int STATEMENT_TIMEOUT_MILLIS = 300_000;

    /**
     * Seconds a read waits beyond the statement timeout before the server counts as gone: the server
     * enforces statement_timeout itself, so a server process or a network that stops answering would
     * otherwise keep the run waiting for ever.
     */
    static final int READ_MARGIN_SECONDS = 30;
    /** The driver's read timeout, in seconds. */
    static final String SOCKET_TIMEOUT = "socketTimeout";

    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

    /**
     * What catalog-reading sessions get besides {@link SessionOptions#DEFAULTS}: no parallel workers.
     * A worker is a new server process that loads the catalog's caches afresh for every query, and a
     * metadata read already runs its table queries side by side on three sessions (10,000 relations:
     * the constraint query, the only one planned in parallel there, took 0.30 s of server CPU in a new
     * session with a worker and 0.20 s without).
     */
    static final Map<String, String> CATALOG_SETTINGS = Map.of("max_parallel_workers_per_gather", "0");

    private final PostgresConnection config;
    /** Settings this client's sessions get under the user's (see {@link #forCatalogReads}). */
    private final Map<String, String> sessionDefaults;

    /** Creates a client for the configured server. */
    @Inject
    public PostgresClient(PostgresConnection config) {
        this(config, Map.of());
    }

    private PostgresClient(PostgresConnection config, Map<String, String> sessionDefaults) {
        this.config = config;
        this.sessionDefaults = sessionDefaults;
    }

    /**
     * A client for the same server whose sessions only read the catalog ({@link #CATALOG_SETTINGS});
     * profiling and test queries over a table's rows keep the server's parallel plans.
     */
    public PostgresClient forCatalogReads() {
        return new PostgresClient(config, CATALOG_SETTINGS);
    }

    /** The configuration. */
    public PostgresConnection config() {
        return config;
    }

    /** The JDBC URL of {@code database} (no credentials in it). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + config.hostPort() + "/" + encode(database);
    }

    private static String encode(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Opens a read-only connection to {@code database}, in a transaction (auto-commit off) so that
     * cursors stream with a fetch size.
     *
     * @throws ConnectionException with the class of failure and what to check
     */
    public Connection open(String database) throws ConnectionException {
        if (config.hostPort() == null || config.hostPort().isBlank()) {
            throw new ConnectionException(Reason.OTHER, ConnectionPath.of("hostPort")
                    + " is empty: set it to host:port of the PostgreSQL server");
        }
        Properties props = properties();
        try {
            // The driver directly, not DriverManager: in a plugin class loader DriverManager does not see
            // drivers that are not on the application class path ("No suitable driver").
            Connection c = DRIVER.connect(jdbcUrl(database), props);
            if (c == null) {
                throw new ConnectionException(Reason.OTHER, ConnectionPath.of("hostPort") + " \"" + config.hostPort()
                        + "\" does not make a valid PostgreSQL URL: write it as host:port");
            }
            watchForLeaving(c);
            c.setAutoCommit(false);
            c.setReadOnly(true);
            return c;
        } catch (SQLException e) {
            throw translate(e, database);
        }
    }

    /**
     * Asks the server to check every {@value #CLIENT_CHECK_INTERVAL}, while a statement runs, that this client
     * is still there ({@code client_connection_check_interval}, PostgreSQL 14 and later): it notices a gone
     * client only when it sends a result otherwise, so a process killed mid-statement (SIGKILL, the OOM killer:
     * nothing of it cancels its statements as a stop does) left its statement running to its end, a large
     * table's profile for minutes or hours, holding back vacuum.
     * Set in its own transaction (a later rollback would undo it); a value the user set (connectionArguments,
     * options) is kept, and an older server, which has no such setting, is left as it is.
     */
    private static void watchForLeaving(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CatalogQueries.MARKER + " SELECT CASE WHEN current_setting('client_connection_check_interval',"
                    + " true) = '0' THEN set_config('client_connection_check_interval', '" + CLIENT_CHECK_INTERVAL
                    + "', false) END");
        }
    }

    Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", config.username() == null ? "" : config.username());
        if (config.password() != null) {
            p.setProperty("password", config.password().reveal());
        }
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        // Our catalog cursors are one-shot: server-side prepared statements buy nothing.
        p.setProperty("prepareThreshold", "0");
        if (config.sslMode() != null) {
            p.setProperty("sslmode", config.sslMode());
        }
        if (config.sslConfig() != null) {
            PostgresConnection.SslConfig ssl = config.sslConfig();
            putPem(p, "sslrootcert", ssl.caCertificate());
            putPem(p, "sslcert", ssl.sslCertificate());
            putPem(p, "sslkey", ssl.sslKey() == null ? null : ssl.sslKey().reveal());
        }
        config.connectionOptions().forEach((key, value) -> {
            if (!SessionOptions.isOwnKey(key)) {
                p.setProperty(DriverProperties.name(key), DriverProperties.value(key, value));
            }
        });
        for (Map.Entry<String, Object> e : config.connectionArguments().entrySet()) {
            if (!SessionOptions.isOwnKey(e.getKey())) {
                p.setProperty(DriverProperties.name(e.getKey()), DriverProperties.value(e.getKey(),
                        String.valueOf(e.getValue())));
            }
        }
        // Read-only even if a caller forgets setReadOnly, and whatever the maps say (a test suite's services are not
        // checked at load): we never write.
        DriverProperties.READ_ONLY.forEach(p::setProperty);
        // Server settings (timeouts, read-only): ours merged with the user's, never replaced by them.
        p.setProperty(SessionOptions.OPTIONS, config.sessionOptions().withDefaults(sessionDefaults).options());
        if (p.getProperty(SOCKET_TIMEOUT) == null) {
            defaultReadTimeoutSeconds().ifPresent(seconds -> p.setProperty(SOCKET_TIMEOUT, Long.toString(seconds)));
        }
        return p;
    }

    /** The read timeout when the user sets none: the statement timeout's and the margin; none without one. */
    private java.util.OptionalLong defaultReadTimeoutSeconds() {
        java.util.OptionalLong millis = config.sessionOptions().statementTimeoutMillis();
        return millis.isPresent() && millis.getAsLong() > 0
                ? java.util.OptionalLong.of(readTimeoutSeconds(millis.getAsLong())) : java.util.OptionalLong.empty();
    }

    /** The read timeout that goes with a statement timeout: the statement's time and the margin, in whole seconds. */
    private static long readTimeoutSeconds(long statementMillis) {
        return (statementMillis + 999) / 1000 + READ_MARGIN_SECONDS;
    }

    /**
     * Sets the session's statement timeout ({@code millis}, 0 for none) and, unless the user set
     * {@code socketTimeout}, the read timeout that goes with it; committed, so a rollback keeps it.
     */
    public void setStatementTimeout(Connection c, long millis) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + millis);
        }
        c.commit();
        if (!userSet(SOCKET_TIMEOUT)) {
            c.setNetworkTimeout(Runnable::run, millis == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE,
                    readTimeoutSeconds(millis) * 1000));
        }
    }

    /**
     * The read timeout in seconds on a connection whose statement timeout is {@code statementMillis}
     * (0 for none): the user's {@code socketTimeout}, else the statement's time and the margin; 0 when
     * reads never time out, -1 when the user's value is not a number of seconds.
     */
    long readTimeoutInForce(long statementMillis) {
        Object value = userValue(SOCKET_TIMEOUT);
        if (value == null) {
            return statementMillis > 0 ? readTimeoutSeconds(statementMillis) : 0;
        }
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the driver's read timeout ({@code socketTimeout}) ended the wait for {@code failure}'s answer. */
    public static boolean readTimedOut(SQLException failure) {
        return ConnectionLost.readTimedOut(failure);
    }

    /**
     * Whether the server ended {@code failure}'s connection (a terminated backend, a shutdown, a cut
     * connection: SQLSTATE class 08 or 57P01-57P03); only a new connection tells whether the server is gone.
     */
    public static boolean endedByServer(SQLException failure) {
        return ConnectionLost.endedByServer(failure);
    }

    /**
     * What a read that timed out waited for, on a connection whose statement timeout is
     * {@code statementMillis}: "no answer within the read timeout of N s (…)", naming the settings.
     */
    public String noAnswer(long statementMillis) {
        return ConnectionLost.noAnswer(readTimeoutInForce(statementMillis));
    }

    /** The read timeout in seconds on the run's catalog connections (see {@link #readTimeoutInForce(long)}). */
    long readTimeoutInForce() {
        return readTimeoutInForce(config.sessionOptions().statementTimeoutMillis().orElse(0));
    }

    private boolean userSet(String key) {
        return userValue(key) != null;
    }

    /** A driver property the user set: connectionArguments first, then connectionOptions; null when neither. */
    private Object userValue(String key) {
        Object value = config.connectionArguments().get(key);
        return value != null ? value : config.connectionOptions().get(key);
    }

    /** The driver wants files; OpenMetadata's sslConfig carries PEM text. */
    private static void putPem(Properties p, String key, String pem) {
        if (pem == null || pem.isBlank()) {
            return;
        }
        Optional<Path> named = SslFiles.isPem(pem) ? Optional.empty() : SslFiles.file(pem);
        if (named.isPresent()) {
            p.setProperty(key, named.get().toString()); // a path to the PEM file, as some of OpenMetadata's docs write it
            return;
        }
        try {
            Path file = Files.createTempFile("metaingest-" + key, ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(file, pem);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            p.setProperty(key, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + key + " to a temporary file", e);
        }
    }

    /** Turns a driver error at connect time into a one-line, secret-free {@link ConnectionException}. */
    ConnectionException translate(SQLException e, String database) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String host = withPorts(config.hostPort());
        String user = config.username();
        if ((state.equals("08004") && asksForMissingPassword(e)) || (state.equals("28P01") && passwordEmpty())) {
            // SCRAM: the driver refuses before sending anything (SQLState "connection rejected"), not a network
            // problem; password or md5 auth: the server refuses the empty one sent. Either way, the empty one is why.
            return new ConnectionException(Reason.AUTHENTICATION, "authentication failed for user \"" + user
                    + "\" at " + host + ": the server asks for a password, but " + ConnectionPath.of("authType.password")
                    + " is " + (config.password() == null ? "not set" : "empty") + ": set it to the user's password", e);
        }
        if (state.equals("28P01") || (state.equals("28000") && !isHbaReject(e))) {
            return new ConnectionException(Reason.AUTHENTICATION, "authentication failed for user \"" + user
                    + "\" at " + host + ": check " + ConnectionPath.of("username", "authType.password"), e);
        }
        if (state.equals("28000")) {
            return new ConnectionException(Reason.AUTHENTICATION, "the server at " + host
                    + " refuses user \"" + user + "\" for database \"" + database
                    + "\" (pg_hba.conf): check " + ConnectionPath.of("username", "sslMode")
                    + ", and ask the DBA to allow this client", e);
        }
        if (state.equals("3D000")) {
            return new ConnectionException(Reason.NOT_FOUND, "database \"" + database + "\" does not exist at "
                    + host + ": check " + ConnectionPath.of("database"), e);
        }
        if (state.equals("42501")) {
            // The configured database is read whatever the database filter; another only with ingestAllDatabases.
            String otherwise = database.equals(config.databaseOrDefault())
                    ? ", or name another in " + ConnectionPath.of("database")
                    : ", or leave it out with " + AppliedFilter.SOURCE_CONFIG_PATH + ".databaseFilterPattern";
            return new ConnectionException(Reason.PERMISSION, "user \"" + user + "\" may not connect to database \""
                    + database + "\": run GRANT CONNECT ON DATABASE " + TableReadFailures.quote(database) + " TO "
                    + TableReadFailures.quote(user) + otherwise, e);
        }
        if (state.equals("08004") && e.getMessage() != null && e.getMessage().contains("does not support SSL")) {
            // The driver's SQLState is "connection rejected": the host was reached, it only speaks plain text.
            return new ConnectionException(Reason.OTHER, "PostgreSQL at " + host + " does not support SSL, but "
                    + ConnectionPath.of("sslMode") + " is \"" + config.sslMode() + "\": set sslMode: prefer (SSL"
                    + " when the server offers it) or disable, or enable ssl on the server", e);
        }
        String silentFor = state.startsWith("08") ? silentFor(e) : null;
        if (silentFor != null) {
            // UNREACHABLE as the toolkit counts a server that answers 503: there, but not usable.
            return new ConnectionException(Reason.UNREACHABLE, "PostgreSQL at " + host + " accepted the connection"
                    + " but did not answer within " + silentFor + " s: " + checkHostPort("that it is PostgreSQL (not"
                    + " another service on that port) and that it is not overloaded or a pooler that is stuck"), e);
        }
        if (causedBy(e, UnknownHostException.class)) {
            // Nothing to start or unblock: the name itself is wrong, or known only on another network.
            return new ConnectionException(Reason.UNREACHABLE, "cannot reach PostgreSQL at " + host
                    + " (no such host name): check " + ConnectionPath.of("hostPort") + " for a typo (or a name only another"
                    + " network's DNS knows)", e);
        }
        if (state.startsWith("08") || state.equals("57P03") || hasNetworkCause(e)) {
            return new ConnectionException(Reason.UNREACHABLE, "cannot reach PostgreSQL at " + host
                    + ": " + checkHostPort("that the server is running and that no firewall blocks it"), e);
        }
        return new ConnectionException(Reason.OTHER, "cannot connect to PostgreSQL at " + host + ": "
                + oneLine(e.getMessage()), e);
    }

    /**
     * Whether the driver gave up because the server asked for a password (SCRAM, MD5 or clear text) and the
     * configured one is empty or missing: the driver's own words (in English) or, as they are translated
     * in other locales, a configured password that is empty.
     */
    private boolean asksForMissingPassword(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("password is an empty string") || message.contains("but no password was provided")) {
            return true;
        }
        return passwordEmpty() && !message.contains("SSL");
    }

    private boolean passwordEmpty() {
        return config.password() == null || config.password().reveal().isEmpty();
    }

    /** The fix of a failure to reach or hear the server: hostPort first, then what else to check. */
    private static String checkHostPort(String more) {
        return "check " + ConnectionPath.of("hostPort") + ", " + more;
    }

    /**
     * {@code hostPort} as the driver dials it: each host (comma-separated) written without a port gets
     * {@link #DEFAULT_PORT}, so a failure names the port that was tried ({@code localhost:5432}).
     */
    static String withPorts(String hostPort) {
        java.util.List<String> hosts = new java.util.ArrayList<>();
        for (String one : hostPort.split(",", -1)) {
            String host = one.strip();
            hosts.add(host.isEmpty() || hasPort(host) ? host : host + ":" + DEFAULT_PORT);
        }
        return String.join(",", hosts);
    }

    /** Whether one host of hostPort carries a port: a colon after the name, or after an [IPv6] literal's bracket. */
    private static boolean hasPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") && (!host.startsWith("[") || host.lastIndexOf(']') < colon);
    }

    /** The driver's message when {@code loginTimeout} ends the attempt (SQLState 08001, no cause). */
    private static final String LOGIN_TIMED_OUT = "Connection attempt timed out.";
    /** Milliseconds the check whether anything listens at the address may take, on the failure path only. */
    private static final int PROBE_MILLIS = 2_000;

    /**
     * The seconds the driver waited, when the server took the TCP connection and then said nothing; else null. The driver tells a refused or
     * unroutable address by the cause (ConnectException, UnknownHostException, a SocketTimeoutException
     * from connectTimeout); a read that timed out (socketTimeout) means the connection was made. When
     * loginTimeout ends the attempt the driver gives no cause (it may have been stuck connecting or
     * waiting for the answer), so a plain TCP connection to the address settles it.
     */
    private String silentFor(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException timeout) {
                boolean read = timeout.getMessage() != null && timeout.getMessage().startsWith("Read timed out");
                return read ? driverSetting(SOCKET_TIMEOUT) : null;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return null;
            }
        }
        return LOGIN_TIMED_OUT.equals(e.getMessage()) && e.getCause() == null && listens(config.hostPort())
                ? driverSetting("loginTimeout") : null;
    }

    /**
     * A driver timeout as {@link #properties()} sets it (the user's connectionArguments and connectionOptions win),
     * without building the properties again (they write the SSL files).
     */
    private String driverSetting(String key) {
        Object value = userValue(key);
        if (value == null && key.equals(SOCKET_TIMEOUT)) {
            java.util.OptionalLong seconds = defaultReadTimeoutSeconds();
            value = seconds.isPresent() ? seconds.getAsLong() : null;
        }
        return value == null ? Integer.toString(CONNECT_TIMEOUT_SECONDS) : String.valueOf(value);
    }

    /** Whether some host of {@code hostPort} (host:port, [v6]:port, comma-separated) accepts a TCP connection. */
    private static boolean listens(String hostPort) {
        for (String one : withPorts(hostPort).split(",")) {
            if (one.isEmpty()) {
                continue;
            }
            int colon = one.lastIndexOf(':'); // withPorts gave every host a port
            String hostName = one.substring(0, colon).replaceAll("^\\[|]$", "");
            int port = parsePort(one.substring(colon + 1));
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(hostName, port), PROBE_MILLIS);
                return true;
            } catch (IOException | IllegalArgumentException ignored) {
                // nothing there: the next host, or unreachable
            }
        }
        return false;
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            return -1; // InetSocketAddress refuses it: not listening
        }
    }

    private static boolean isHbaReject(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("pg_hba.conf");
    }

    private static boolean hasNetworkCause(Throwable e) {
        return causedBy(e, ConnectException.class) || causedBy(e, UnknownHostException.class)
                || causedBy(e, NoRouteToHostException.class) || causedBy(e, SocketTimeoutException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The databases a run reads: every database the server lists when {@code ingestAllDatabases},
     * else the configured one; {@code first} is an open connection to {@link PostgresConnection#databaseOrDefault()}.
     */
    java.util.List<String> databasesToRead(Connection first) throws ConnectionException {
        String firstName = config().databaseOrDefault();
        if (!config().ingestAllDatabases()) {
            return java.util.List.of(firstName);
        }
        java.util.List<String> databases = new java.util.ArrayList<>();
        try (Cursor<String> names = Cursor.open(first, CatalogQueries.DATABASES, rs -> rs.getString(1))) {
            for (String name = names.poll(); name != null; name = names.poll()) {
                databases.add(name);
            }
        } catch (SQLException e) {
            throw permission(e, firstName, "pg_database");
        }
        return databases;
    }

    /** A catalog query refused for lack of privilege, as a {@link ConnectionException}. */
    ConnectionException permission(SQLException e, String database, String what) {
        return new ConnectionException(Reason.PERMISSION, "user \"" + config.username() + "\" may not read " + what
                + " in database \"" + database + "\": grant SELECT on the PostgreSQL catalog (or use a role that has it)",
                e);
    }

    /**
     * Ends a connection this connector opened: its transaction only read, so it is rolled back, and
     * the connection is closed also when the rollback fails (a broken connection still holds a socket).
     */
    static void release(Connection c) {
        rollback(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }

    /** Ends the connection's (read-only) transaction; a broken connection is left for its next query to report. */
    static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // broken: the next query on it says so
        }
    }

    /** A server message on one line (PostgreSQL's carry their DETAIL and HINT on lines of their own). */
    public static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
