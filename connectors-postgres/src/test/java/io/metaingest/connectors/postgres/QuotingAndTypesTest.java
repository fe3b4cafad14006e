package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names that need quoting, every built-in type, and the fixed number of catalog queries. */
class QuotingAndTypesTest {

    static final TestPg pg = TestPg.get();
    static final String DB = "Quo.ted \"db\"";

    @BeforeAll
    static void load() {
        pg.database(DB, false, """
                CREATE SCHEMA "my.schema";
                CREATE SCHEMA "Ünïcödé";
                CREATE TABLE "my.schema"."Order ""Lines""\" ("select" int PRIMARY KEY, "Mixed.Case" text);
                CREATE TABLE "Ünïcödé"."Straße" (id int REFERENCES "my.schema"."Order ""Lines""\" ("select"));
                CREATE TABLE public."User" ("from" int, "Größe" numeric(5,1));
                CREATE VIEW "my.schema"."v.iew" AS SELECT "select" AS "the.key", "Mixed.Case" FROM "my.schema"."Order ""Lines""\";
                """);
    }

    @Test
    void namesThatNeedQuotingBuildProperFqns() throws Exception {
        List<Result<EntityRequest>> results = MetadataSourceTest.run(pg.connection(DB), map());
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        List<EntityRequest> records = TestPg.records(results);
        String dbFqn = Fqn.build(TestPg.SERVICE, DB);
        // OpenMetadata leaves a name with a double quote unquoted, even with a dot in it, and so does metaingest.
        assertThat(dbFqn).isEqualTo("local_pg.Quo.ted \"db\"");
        assertThat(records).filteredOn(r -> r instanceof CreateDatabaseSchemaRequest).extracting(EntityRequest::key)
                .contains(dbFqn + ".\"my.schema\"", dbFqn + ".Ünïcödé", dbFqn + ".public");
        CreateTableRequest strasse = records.stream().filter(r -> r instanceof CreateTableRequest t
                && t.name().equals("Straße")).map(CreateTableRequest.class::cast).findFirst().orElseThrow();
        assertThat(strasse.databaseSchema()).isEqualTo(dbFqn + ".Ünïcödé");
        assertThat(strasse.tableConstraints().get(0).referredColumns())
                .containsExactly(dbFqn + ".\"my.schema\".Order \"Lines\".select");
        // That FQN names the column the server made, but the database's name splits at its dot: the rule
        // cannot tell it from two names.
        assertThat(Fqn.split(strasse.tableConstraints().get(0).referredColumns().get(0)))
                .containsExactly(TestPg.SERVICE, "Quo", "ted \"db\"", "my.schema", "Order \"Lines\"", "select");
        CreateTableRequest user = records.stream().filter(r -> r instanceof CreateTableRequest t
                && t.name().equals("User")).map(CreateTableRequest.class::cast).findFirst().orElseThrow();
        assertThat(user.columns()).extracting(c -> c.name()).containsExactly("from", "Größe");
        assertThat(records).filteredOn(r -> r instanceof CreateTableRequest).extracting(EntityRequest::key)
                .contains(dbFqn + ".\"my.schema\".\"v.iew\"");

        DatabaseLineageConfig config = Golden.JSON.convertValue(map(), DatabaseLineageConfig.class);
        List<EntityRequest> lineage = TestPg.records(TestPg.readAll(new PostgresLineageSource(
                new PostgresClient(pg.connection(DB)), config, TestPg.context(WorkflowKind.LINEAGE))));
        assertThat(lineage).singleElement().satisfies(r -> {
            AddLineageRequest l = (AddLineageRequest) r;
            assertThat(l.edge().lineageDetails().columnsLineage()).extracting(c -> c.toColumn()).containsExactly(
                    dbFqn + ".\"my.schema\".\"v.iew\".\"the.key\"", dbFqn + ".\"my.schema\".\"v.iew\".\"Mixed.Case\"");
            // The statement names the view as SQL must write it, like the metadata workflow's DDL.
            assertThat(l.edge().lineageDetails().sqlQuery()).startsWith("CREATE VIEW \"my.schema\".\"v.iew\" AS\n");
        });
    }

    @Test
    void everyBuiltInTypeHasAnOpenMetadataType() throws Exception {
        List<String> unmapped = new ArrayList<>();
        try (Connection c = pg.jdbc("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT typname, typtype, typcategory FROM pg_type"
                     + " WHERE typnamespace = 'pg_catalog'::regnamespace AND typtype IN ('b', 'r', 'm')"
                     + " AND typname NOT LIKE '\\_%' AND typname <> 'unknown'")) {
            int count = 0;
            while (rs.next()) {
                count++;
                if (PostgresTypes.map(rs.getString(1), rs.getString(2), rs.getString(3)) == DataType.UNKNOWN) {
                    unmapped.add(rs.getString(1));
                }
            }
            assertThat(count).isGreaterThan(60);
        }
        // Only the ranges of numbers: OpenMetadata has no type for them (a STRUCT without children is refused).
        assertThat(unmapped).containsExactlyInAnyOrder("int4range", "int8range", "numrange", "int4multirange",
                "int8multirange", "nummultirange");
    }

    @Test
    void postgisTypesWhenInstalled() {
        // PostGIS is not in the embedded binaries: its types are mapped by name (format_type shows the subtype).
        assertThat(PostgresTypes.map("geometry", "b", "U")).isEqualTo(DataType.GEOMETRY);
        assertThat(PostgresTypes.map("geography", "b", "U")).isEqualTo(DataType.GEOGRAPHY);
        assertThat(PostgresTypes.map("mood", "e", "E")).isEqualTo(DataType.ENUM);
        assertThat(PostgresTypes.map("some_ext_type", "b", "U")).isEqualTo(DataType.UNKNOWN);
    }

    @Test
    void aFixedNumberOfCatalogQueriesWhateverTheNumberOfTables() throws Exception {
        if (!pg.hasQueryLog()) {
            return; // counted from pg_stat_statements; without it the merge tests above still cover correctness
        }
        StringBuilder many = new StringBuilder("CREATE EXTENSION IF NOT EXISTS pg_stat_statements;");
        for (int s = 0; s < 5; s++) {
            many.append("CREATE SCHEMA s").append(s).append(';');
            for (int t = 0; t < 40; t++) {
                many.append("CREATE TABLE s").append(s).append(".t").append(t)
                        .append(" (id int PRIMARY KEY, v text, ref int REFERENCES s0.t0 (id));");
            }
        }
        String small = pg.database("few_tables", false, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;"
                + "CREATE TABLE a (id int PRIMARY KEY); CREATE VIEW v AS SELECT id FROM a");
        String large = pg.database("many_tables", false, many.toString());
        long smallQueries = catalogQueries(small);
        long largeQueries = catalogQueries(large);
        // Column types are asked once per table that brings a type not seen before: here the first.
        assertThat(smallQueries).isEqualTo(largeQueries).isBetween(5L, 9L);
    }

    private static long catalogQueries(String db) throws Exception {
        pg.execute(db, "SELECT pg_stat_statements_reset()");
        List<Result<EntityRequest>> results = MetadataSourceTest.run(pg.connection(db), map());
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        try (Connection c = pg.jdbc(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                     + " WHERE query LIKE '%metaingest catalog%' AND query NOT LIKE '%pg_stat_statements%'"
                     // each connection's setting (set_config, its literals normalised away) is no catalog query
                     + " AND query NOT LIKE '%set_config(%'"
                     // nor is the export of the snapshot the read-ahead connections share (one per database)
                     + " AND query NOT LIKE '%pg_export_snapshot()%'"
                     + " AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
