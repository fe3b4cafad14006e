package io.metaingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatabaseTest {

    static DemoDatabase db;

    @BeforeAll
    static void start() {
        db = DemoDatabase.start();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = db.connect(db.database()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sampleDatabaseHasWhatTheIssueAsksFor() throws Exception {
        String user = "n.nspname IN ('sales', 'inventory', 'hr', 'analytics')";
        assertThat(count("SELECT count(*) FROM pg_namespace n WHERE " + user)).isGreaterThanOrEqualTo(3);
        assertThat(count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                + user + " AND c.relkind IN ('r','p','f') AND NOT c.relispartition")).isGreaterThanOrEqualTo(30);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relkind = 'p'")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_class WHERE relkind = 'm'")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                + user + " AND c.relkind = 'v'")).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM pg_constraint k WHERE k.contype = 'f' "
                + "AND (SELECT relnamespace FROM pg_class WHERE oid = k.conrelid) "
                + "<> (SELECT relnamespace FROM pg_class WHERE oid = k.confrelid)")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_type WHERE typtype = 'e'")).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_proc WHERE prokind = 'p' AND proname = 'archive_cancelled_orders'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM pg_proc WHERE prokind = 'f' AND proname = 'order_total'")).isEqualTo(2);
    }

    @Test
    void queryLogHoldsTheWorkload() throws Exception {
        if (db.hasQueryLog()) {
            assertThat(count("SELECT count(*) FROM pg_stat_statements WHERE query ILIKE 'INSERT INTO analytics.customer_ltv%'"))
                    .isEqualTo(1);
        } else {
            assertThat(count("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")).isZero();
        }
    }

    @Test
    void passwordIsRequired() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), "wrong").close())
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void writesTwoWorkflows(@TempDir Path out) throws Exception {
        List<Path> files = db.writeWorkflows(out);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("metadata.yaml", "lineage.yaml");
        String metadata = Files.readString(files.get(0));
        // Whoever finds the file after the demo learns why its server is gone and what to run instead.
        assertThat(metadata).startsWith("# Written by `metaingest demo` for its embedded PostgreSQL, which stopped"
                + " when the demo ended\n").contains("run `metaingest demo`\n# again rather than this file");
        assertThat(metadata).contains("type: postgres\n", "type: DatabaseMetadata", "serviceName: demo_postgres",
                "password: \"${" + DemoDatabase.PASSWORD_VARIABLE + "}\"", "successThreshold: 90",
                "path: \"" + out.toAbsolutePath().resolve("metadata.ndjson") + "\"");
        assertThat(Files.readString(files.get(1))).contains("type: postgres-lineage\n", "type: DatabaseLineage",
                "lineage.ndjson");
        for (Path file : files) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain(db.password());
        }
    }

    @Test
    void eachServerHasItsOwnPassword() {
        try (DemoDatabase other = DemoDatabase.startEmpty()) {
            assertThat(other.password()).isNotEqualTo(db.password()).hasSizeGreaterThanOrEqualTo(20);
        }
    }
}
