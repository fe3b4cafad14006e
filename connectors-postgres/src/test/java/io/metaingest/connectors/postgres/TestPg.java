package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.demo.DemoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL server of the test run: an embedded one started once per JVM (the demo module's,
 * with password authentication), or the server of {@code PG_URL}
 * ({@code jdbc:postgresql://host:port/db?user=...&password=...}), which must let the user create
 * databases and roles.
 */
final class TestPg {

    static final String SERVICE = "local_pg";
    private static TestPg instance;

    private final DemoDatabase embedded;
    private final String hostPort;
    private final String user;
    private final String password;
    private final String adminDatabase;
    private final Set<String> created = new HashSet<>();
    private Boolean queryLog;

    private TestPg(DemoDatabase embedded, String hostPort, String user, String password, String adminDatabase) {
        this.embedded = embedded;
        this.hostPort = hostPort;
        this.user = user;
        this.password = password;
        this.adminDatabase = adminDatabase;
    }

    static synchronized TestPg get() {
        if (instance == null) {
            String url = System.getenv("PG_URL");
            if (url != null && !url.isBlank()) {
                URI uri = URI.create(url.substring("jdbc:".length()));
                String query = uri.getQuery() == null ? "" : uri.getQuery();
                String u = param(query, "user");
                String p = param(query, "password");
                instance = new TestPg(null, uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()), u, p,
                        uri.getPath().length() > 1 ? uri.getPath().substring(1) : "postgres");
            } else {
                DemoDatabase db = DemoDatabase.startEmpty();
                instance = new TestPg(db, db.hostPort(), db.username(), db.password(), "postgres");
                Runtime.getRuntime().addShutdownHook(new Thread(db::close));
            }
        }
        return instance;
    }

    private static String param(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    String hostPort() {
        return hostPort;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    PostgresConnection connection(String database) {
        return PostgresConnection.of(hostPort, user, password, database);
    }

    Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(new PostgresClient(connection(database)).jdbcUrl(database), user, password);
    }

    void execute(String database, String sql) {
        try (Connection c = jdbc(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Where Debian's postgresql-15-postgis-3 package puts PostGIS. */
    private static final Path DEBIAN_POSTGIS_SHARE = Path.of("/usr/share/postgresql/15/extension");
    private static final Path DEBIAN_POSTGIS_LIB = Path.of("/usr/lib/postgresql/15/lib/postgis-3.so");

    private Boolean postgis;

    /**
     * Whether the server can create the postgis extension. The embedded binaries do not ship it; when
     * Debian's postgresql-15-postgis-3 is installed (CI installs it), its files are copied into the
     * embedded server's own extension and library folders, which the server reports in pg_config.
     */
    synchronized boolean postgis() {
        if (postgis == null) {
            postgis = canCreatePostgis() || (embedded != null && installDebianPostgis() && canCreatePostgis());
        }
        return postgis;
    }

    private boolean canCreatePostgis() {
        try (Connection c = jdbc(adminDatabase); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'")) {
            rs.next();
            return rs.getInt(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    private boolean installDebianPostgis() {
        if (!Files.isRegularFile(DEBIAN_POSTGIS_LIB)) {
            return false;
        }
        try (Connection c = jdbc(adminDatabase); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT name, setting FROM pg_config WHERE name IN ('SHAREDIR', 'PKGLIBDIR')")) {
            Path share = null;
            Path lib = null;
            while (rs.next()) {
                if (rs.getString(1).equals("SHAREDIR")) {
                    share = Path.of(rs.getString(2), "extension");
                } else {
                    lib = Path.of(rs.getString(2));
                }
            }
            try (var files = Files.list(DEBIAN_POSTGIS_SHARE)) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("postgis")).toList()) {
                    Files.copy(f, share.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(DEBIAN_POSTGIS_LIB, lib.resolve(DEBIAN_POSTGIS_LIB.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** Creates (once per run) a database loaded with the given scripts; the first call wins. */
    synchronized String database(String name, boolean withQueryLog, String... scripts) {
        if (created.add(name)) {
            execute(adminDatabase, "DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
            execute(adminDatabase, "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            if (withQueryLog && hasQueryLog()) {
                execute(name, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            for (String script : scripts) {
                execute(name, script.startsWith("/") ? resource(script) : script);
            }
        }
        return name;
    }

    /**
     * Creates (once per run, as {@link #database}) {@code name} from {@code script} with pg_stat_statements, then
     * empties its log and runs {@code workload}, in order: the statements the usage and lineage runs read.
     */
    String databaseWithWorkload(String name, String script, String... workload) {
        database(name, true, script);
        resetQueryLog(name);
        for (String sql : workload) {
            execute(name, sql);
        }
        return name;
    }

    /** A script that creates the role {@code name}, who may log in with {@code password}, unless the server has it. */
    static String loginRole(String name, String password) {
        return createRole(name, "LOGIN PASSWORD '" + password + "'");
    }

    /** A script that creates the role {@code name}, who may not log in (an owner), unless the server has it. */
    static String role(String name) {
        return createRole(name, "NOLOGIN");
    }

    /** Roles belong to the server, not to a database: a database created again finds its roles there. */
    private static String createRole(String name, String options) {
        return "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + name + "') THEN CREATE ROLE "
                + name + " " + options + "; END IF; END $$";
    }

    /** The demo's sample shop, with its workload in pg_stat_statements when available. */
    String shop() {
        synchronized (this) {
            if (!created.contains("shop_test")) {
                database("shop_test", true, "/demo/sample.sql");
                resetQueryLog("shop_test");
                execute("shop_test", resource("/demo/workload.sql"));
            }
        }
        return "shop_test";
    }

    /** Empties pg_stat_statements of one database only: the other test databases keep their logs. */
    void resetQueryLog(String database) {
        if (hasQueryLog()) {
            execute(database, "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database"
                    + " WHERE datname = current_database()), 0)");
        }
    }

    synchronized boolean hasQueryLog() {
        if (queryLog == null) {
            try (Connection c = jdbc(adminDatabase); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT current_setting('shared_preload_libraries')")) {
                rs.next();
                queryLog = rs.getString(1).contains("pg_stat_statements");
            } catch (SQLException e) {
                queryLog = false;
            }
        }
        return queryLog;
    }

    static String resource(String name) {
        try (InputStream in = TestPg.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The steps of a usage workflow that writes straight to a file (no query-parser). */
    static final io.metaingest.api.WorkflowSteps DIRECT = new io.metaingest.api.WorkflowSteps(null, null, null, "file");

    static WorkflowContext context(WorkflowKind kind) {
        return new WorkflowContext(SERVICE, "postgres" + kind.sourceTypeSuffix(), kind, "test-run");
    }

    /** Reads a source to the end. */
    static List<Result<EntityRequest>> readAll(Source<EntityRequest> source) throws Exception {
        try (source; Stream<Result<EntityRequest>> s = source.read()) {
            return s.toList();
        }
    }

    /**
     * The one warning of a run whose schema filter includes a pg_* schema: on the includes' config path,
     * its text starting with {@code start}; fails when there is none or more than one.
     */
    static void warnsOnceOfPgIncludes(List<? extends Result<?>> results, String start) {
        org.assertj.core.api.Assertions.assertThat(results)
                .filteredOn(r -> r instanceof Result.Warning<?> w
                        && w.name().equals("source.sourceConfig.config.schemaFilterPattern.includes"))
                .singleElement().satisfies(r -> org.assertj.core.api.Assertions
                        .assertThat(((Result.Warning<?>) r).message()).startsWith(start)
                        .endsWith("leave pg_* schemas out of the includes"));
    }

    /** The warnings among {@code results}, each as {@code name: message}, in order. */
    static List<String> warnings(List<? extends Result<?>> results) {
        return results.stream().filter(r -> r instanceof Result.Warning<?>)
                .map(r -> ((Result.Warning<?>) r).name() + ": " + ((Result.Warning<?>) r).message()).toList();
    }

    static List<EntityRequest> records(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Ok<?>).map(r -> ((Result.Ok<EntityRequest>) r).record())
                .toList();
    }
}
