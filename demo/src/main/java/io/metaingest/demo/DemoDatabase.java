package io.metaingest.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL server holding the bundled sample database, for {@code metaingest demo}
 * and for tests. The server runs with password authentication (like a real one), and with
 * {@code pg_stat_statements} preloaded when the binaries ship it, so that the lineage and usage
 * workflows have a query log to read.
 */
public final class DemoDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDatabase.class);

    /** The sample database's name. */
    public static final String DATABASE = "shop";
    /** The service name written into the demo workflows. */
    public static final String SERVICE_NAME = "demo_postgres";

    private static final String USER = "postgres";

    /**
     * The environment variable the demo workflows read the server's password from: the files name
     * {@code ${METAINGEST_DEMO_PASSWORD}}, so the password is in no file the demo leaves behind.
     */
    public static final String PASSWORD_VARIABLE = "METAINGEST_DEMO_PASSWORD";

    /** The workflows the demo runs, in order: each written as {@code NAME.yaml}, its records in {@code NAME.ndjson}. */
    public static final List<String> WORKFLOWS = List.of("metadata", "lineage");

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final StopAtExit stopAtExit;
    private final boolean queryLog;
    /** Drawn per server: nothing else on the machine knows it. */
    private final String password = randomPassword();

    /** The embedded server did not start; the message says why, in a user's terms where known. */
    public static class NotStarted extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotStarted(String message) {
            super(message);
        }

        NotStarted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The JVM began to end (a SIGTERM, a Ctrl-C) while the server started or loaded: whatever had started is
     * stopped and its data deleted, by the time the JVM ends.
     */
    public static final class Stopped extends NotStarted {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("stopped before its workflows ran: its embedded PostgreSQL was stopped and its data deleted");
        }
    }

    private DemoDatabase(EmbeddedPostgres server, Path dataDirectory, StopAtExit stopAtExit, boolean queryLog) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.stopAtExit = stopAtExit;
        this.queryLog = queryLog;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Starts the server and loads the sample database.
     *
     * @throws NotStarted when the server cannot start ({@link Stopped} when the JVM began to end meanwhile)
     * @throws IllegalStateException when the sample cannot be loaded
     */
    public static DemoDatabase start() {
        DemoDatabase db = startEmpty();
        try {
            db.load();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw db.stopAtExit.exiting() ? new Stopped() : e;
        }
    }

    /**
     * Starts the server with password authentication but without the sample database; tests use it
     * for fixtures of their own.
     */
    public static DemoDatabase startEmpty() {
        Path folder = ServerFolder.choose();
        // Named before it exists, so that the exit's stop covers it from its creation on.
        Path dataDir = folder.resolve("metaingest-demo-pg" + Long.toUnsignedString(new SecureRandom().nextLong()));
        StopAtExit stopAtExit = StopAtExit.watch(dataDir);
        try {
            createPrivateFolder(dataDir);
            EmbeddedPostgres server;
            boolean queryLog = true;
            try {
                server = start(stopAtExit, builder(folder, dataDir).setServerConfig("shared_preload_libraries", "pg_stat_statements")
                        .setServerConfig("pg_stat_statements.track", "all"));
            } catch (IOException | RuntimeException e) {
                stopAtExit.refuseIfExiting(); // the start failed because the process is ending, not for the query log
                queryLog = false;
                try {
                    StopAtExit.deleteTree(dataDir);
                    createPrivateFolder(dataDir);
                    server = start(stopAtExit, builder(folder, dataDir));
                } catch (IOException | RuntimeException e2) {
                    if (e2 instanceof Stopped || stopAtExit.exiting()) {
                        throw new Stopped();
                    }
                    // Not the query log's fault: the server does not start at all.
                    throw new NotStarted("could not start the embedded PostgreSQL in " + folder + ": " + e2.getMessage(), e2);
                }
                stopAtExit.refuseIfExiting(); // the first start most likely failed of the same stop (Ctrl-C reaches initdb)
                // Most often binaries without pg_stat_statements, but the first start may have failed for
                // another reason; the line says only what is known. The lineage source warns as well.
                LOG.warn("the embedded PostgreSQL did not start with pg_stat_statements preloaded ({}); it was started"
                        + " without it, so query lineage and usage will be empty", e.getMessage());
            }
            DemoDatabase db = new DemoDatabase(server, dataDir, stopAtExit, queryLog);
            db.requirePasswords();
            return db;
        } catch (IOException e) {
            stopAtExit.close();
            throw new NotStarted("could not create the embedded PostgreSQL's data folder " + dataDir + ": " + e, e);
        } catch (RuntimeException e) {
            stopAtExit.close();
            throw e instanceof NotStarted || !stopAtExit.exiting() ? e : new Stopped();
        }
    }

    /** The server's data folder, readable by this user only (as a temporary folder is made). */
    private static void createPrivateFolder(Path folder) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(folder);
        }
    }

    /** One start of the server, which the exit's stop waits for and then stops. */
    private static EmbeddedPostgres start(StopAtExit stopAtExit, EmbeddedPostgres.Builder builder) throws IOException {
        stopAtExit.starting();
        EmbeddedPostgres started = null;
        try {
            started = builder.start();
            return started;
        } finally {
            stopAtExit.started(started);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path folder, Path dataDir) {
        return EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(folder.resolve("embedded-pg").toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                // StopAtExit stops it: the library's hook is registered too late to cover a stop during the start.
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "50")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off");
    }

    /** Switches TCP connections from trust to password authentication. */
    private void requirePasswords() {
        try (Connection c = DriverManager.getConnection(server.getJdbcUrl(USER, "postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Files.writeString(dataDirectory.resolve("pg_hba.conf"),
                    "local all all trust\n"
                            + "host all all 127.0.0.1/32 scram-sha-256\n"
                            + "host all all ::1/128 scram-sha-256\n");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("could not configure the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void load() {
        execute("postgres", "CREATE DATABASE " + DATABASE);
        String script = resource("/demo/sample.sql");
        try (Connection c = connect(DATABASE); Statement s = c.createStatement()) {
            if (queryLog) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            s.execute(script);
            // Only the workload below should appear in the query log.
            if (queryLog) {
                s.execute("SELECT pg_stat_statements_reset()");
            }
            s.execute(resource("/demo/workload.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the sample database: " + e.getMessage(), e);
        }
    }

    /** Runs one statement (or a script) in {@code database}. */
    public void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Opens a JDBC connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    private static String resource(String name) {
        try (InputStream in = DemoDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether pg_stat_statements is loaded, i.e. query lineage and usage have data. */
    public boolean hasQueryLog() {
        return queryLog;
    }

    /** {@code localhost:port}. */
    public String hostPort() {
        return "localhost:" + server.getPort();
    }

    /** The superuser's name. */
    public String username() {
        return USER;
    }

    /** The superuser's password, drawn at random when the server started. */
    public String password() {
        return password;
    }

    /** The sample database's name. */
    public String database() {
        return DATABASE;
    }

    /** A JDBC URL of the sample database (without credentials). */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** A JDBC URL of {@code database} on this server (without credentials). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostPort() + "/" + database;
    }

    /**
     * Writes the metadata and lineage workflows of the demo into {@code outDir}, each with a file
     * sink writing {@code <outDir>/<kind>.ndjson}.
     *
     * @return the paths of {@code metadata.yaml} and {@code lineage.yaml}, in that order
     */
    public List<Path> writeWorkflows(Path outDir) {
        return writeWorkflows(outDir, null);
    }

    /** The environment variable the published workflows read the server's token from. */
    public static final String TOKEN_VARIABLE = "OPENMETADATA_JWT_TOKEN";

    /**
     * Writes the metadata and lineage workflows of the demo into {@code outDir}: with a file sink
     * writing {@code <outDir>/<kind>.ndjson}, or, when {@code publishTo} is set, with the
     * {@code metadata-rest} sink writing to that OpenMetadata server. The token is not written into
     * the files: they name {@code ${OPENMETADATA_JWT_TOKEN}}, which the runtime substitutes.
     *
     * @param publishTo the server's {@code hostPort}, e.g. {@code http://localhost:8585/api}, or null
     * @return the paths of {@code metadata.yaml} and {@code lineage.yaml}, in that order
     */
    public List<Path> writeWorkflows(Path outDir, String publishTo) {
        try {
            Files.createDirectories(outDir);
            List<Path> written = new ArrayList<>();
            written.add(write(outDir, WORKFLOWS.get(0), "postgres", "DatabaseMetadata",
                    "      includeOwners: true\n", publishTo));
            written.add(write(outDir, WORKFLOWS.get(1), "postgres-lineage", "DatabaseLineage", "", publishTo));
            return List.copyOf(written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path write(Path outDir, String kind, String sourceType, String configType, String extra,
                       String publishTo) throws IOException {
        Path sinkFile = outDir.toAbsolutePath().resolve(kind + ".ndjson");
        String sink = publishTo == null
                ? "sink:\n"
                + "  type: file\n"
                + "  config:\n"
                + "    path: " + quote(sinkFile.toString()) + "\n"
                : "sink:\n"
                + "  type: metadata-rest\n"
                + "  config: {}\n";
        String server = publishTo == null ? ""
                : "  openMetadataServerConfig:\n"
                + "    hostPort: " + quote(publishTo) + "\n"
                + "    authProvider: openmetadata\n"
                + "    securityConfig:\n"
                + "      jwtToken: \"${" + TOKEN_VARIABLE + "}\"\n";
        // Read by a user who finds the file later, when the server it names has stopped with the demo.
        String yaml = "# Written by `metaingest demo` for its embedded PostgreSQL, which stopped when the demo ended\n"
                + "# (its password was in " + PASSWORD_VARIABLE + " for that run only): run `metaingest demo`\n"
                + "# again rather than this file, or copy it and point serviceConnection at your own database.\n"
                + "source:\n"
                + "  type: " + sourceType + "\n"
                + "  serviceName: " + SERVICE_NAME + "\n"
                + "  serviceConnection:\n"
                + "    config:\n"
                + "      type: Postgres\n"
                + "      hostPort: " + quote(hostPort()) + "\n"
                + "      username: " + quote(USER) + "\n"
                + "      authType:\n"
                + "        password: \"${" + PASSWORD_VARIABLE + "}\"\n"
                + "      database: " + quote(DATABASE) + "\n"
                + "  sourceConfig:\n"
                + "    config:\n"
                + "      type: " + configType + "\n"
                + extra
                + sink
                + "workflowConfig:\n"
                + "  loggerLevel: INFO\n"
                + "  successThreshold: 90\n"
                + server;
        Path file = outDir.resolve(kind + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** A YAML double-quoted scalar (JSON string escaping is valid YAML). */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Stops the server and deletes its data (once: a stop of the process may have done it already). */
    @Override
    public void close() {
        stopAtExit.close();
    }
}
