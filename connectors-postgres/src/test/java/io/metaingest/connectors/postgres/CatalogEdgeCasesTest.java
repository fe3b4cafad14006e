package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.StepSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog shapes that the sample shop does not have: keys to partitioned tables, arrays of domains. */
class CatalogEdgeCasesTest {

    static final TestPg pg = TestPg.get();
    static final String DB = "catalog_edge_cases";
    static List<Result<EntityRequest>> results;

    @BeforeAll
    static void load() throws Exception {
        pg.database(DB, false, """
                CREATE TABLE orders (id int, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
                CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
                CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
                CREATE TABLE lines (line int, order_id int, region text,
                                    FOREIGN KEY (order_id, region) REFERENCES orders (id, region));
                CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
                CREATE DOMAIN code AS varchar(10);
                CREATE DOMAIN amount AS numeric(8,3);
                CREATE DOMAIN small AS posint;
                CREATE DOMAIN short_code AS code;
                CREATE DOMAIN free_text AS varchar;
                CREATE TABLE unbounded (v varchar, c bpchar, ch "char", n name, d free_text, l varchar[]);
                CREATE TYPE address AS (street varchar(80), zip posint, tags text[]);
                CREATE TYPE contact AS (name text, home address);
                ALTER TYPE contact DROP ATTRIBUTE name;
                ALTER TYPE contact ADD ATTRIBUTE full_name varchar(40);
                CREATE TABLE people (id int, who contact, addresses address[]);
                CREATE TYPE floatrange AS RANGE (subtype = float8);
                CREATE TABLE ranges (i int4range, b int8range, n numrange, m int4multirange, f floatrange,
                                     t tstzrange, d daterange);
                CREATE TABLE domain_arrays (ints posint[], codes code[], amounts amount[], smalls small,
                                            short_codes short_code, short_code_list short_code[]);
                CREATE UNLOGGED TABLE scratch (id int);
                CREATE TABLE base_log (id int NOT NULL, at timestamptz, CONSTRAINT positive CHECK (id > 0));
                CREATE TABLE child_log (extra text) INHERITS (base_log);
                CREATE EXTENSION IF NOT EXISTS postgres_fdw;
                CREATE SERVER loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost', dbname 'elsewhere');
                CREATE USER MAPPING FOR CURRENT_USER SERVER loop OPTIONS (user 'remote', password 'mapping-secret');
                CREATE FOREIGN TABLE remote_items (id int, note text) SERVER loop
                    OPTIONS (schema_name 'shop', table_name 'items');
                """);
        results = MetadataSourceTest.run(pg.connection(DB), map("includeDDL", true));
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
    }

    private static CreateTableRequest table(String name) {
        return TestPg.records(results).stream().filter(r -> r instanceof CreateTableRequest t && t.name().equals(name))
                .map(CreateTableRequest.class::cast).findFirst().orElseThrow(() -> new AssertionError("no table " + name));
    }

    @Test
    void aForeignKeyToAPartitionedTableIsOneConstraintOnThatTable() {
        // PostgreSQL keeps a clone of the key per partition of the referenced table (conparentid set);
        // partitions are not ingested, so those clones named tables that do not exist in OpenMetadata.
        CreateTableRequest lines = table("lines");
        String orders = TestPg.SERVICE + "." + DB + ".public.orders";
        assertThat(lines.tableConstraints()).singleElement().satisfies(k -> {
            assertThat(k.columns()).containsExactly("order_id", "region");
            assertThat(k.referredColumns()).containsExactly(orders + ".id", orders + ".region");
        });
        assertThat(lines.schemaDefinition()).doesNotContain("orders_eu", "orders_us");
    }

    @Test
    void domainsOverDomainsAndArraysOfDomainsAreTypedByTheirBaseType() {
        List<Column> columns = table("domain_arrays").columns();
        assertThat(columns).extracting(Column::name, Column::dataType, Column::arrayDataType, Column::dataLength,
                Column::dataTypeDisplay).containsExactly(
                tuple("ints", DataType.ARRAY, DataType.INT, null, "posint[]"),
                tuple("codes", DataType.ARRAY, DataType.VARCHAR, 10, "code[]"),
                tuple("amounts", DataType.ARRAY, DataType.NUMERIC, null, "amount[]"),
                tuple("smalls", DataType.INT, null, null, "small"),
                tuple("short_codes", DataType.VARCHAR, null, 10, "short_code"),
                tuple("short_code_list", DataType.ARRAY, DataType.VARCHAR, 10, "short_code[]"));
    }

    @Test
    void characterTypesWithoutADeclaredLengthHaveTheLengthOpenMetadataGivesThem() {
        // OpenMetadata's server refuses a CHAR or VARCHAR column without dataLength (400, "dataLength must
        // not be null"); its own ingestion sends 1 when the type declares none. name is 63 bytes at most.
        assertThat(table("unbounded").columns()).extracting(Column::name, Column::dataType, Column::dataLength)
                .containsExactly(tuple("v", DataType.VARCHAR, 1), tuple("c", DataType.CHAR, 1),
                        tuple("ch", DataType.CHAR, 1), tuple("n", DataType.VARCHAR, 63),
                        tuple("d", DataType.VARCHAR, 1), tuple("l", DataType.ARRAY, null));
    }

    /**
     * Every table of these shapes is taken by the server's column rules (the stand-in applies
     * OpenMetadata's: CHAR and VARCHAR need a dataLength, ARRAY an arrayDataType, STRUCT children).
     */
    @Test
    void everyTableIsTakenByOpenMetadata(@TempDir Path dir) throws Exception {
        String token = "edge-bot-jwt";
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(token)) {
            Path workflow = Files.writeString(dir.resolve("edge.yaml"), Workflows.source("postgres", "edge_pg",
                    Workflows.connection(pg, DB), "{type: DatabaseMetadata}")
                    + "sink: {type: metadata-rest, config: {}}\n" + server.workflowConfigYaml(token));
            RunResult result = Workflows.ingest(Workflows.runtime(), workflow);

            StepSummary sink = result.steps().get(result.steps().size() - 1);
            assertThat(sink.failures()).as(result.toString()).isEmpty();
            assertThat(server.count("table")).isEqualTo(TestPg.records(results).stream()
                    .filter(CreateTableRequest.class::isInstance).count());
        }
    }

    @Test
    void rangesOfNumbersAreUnknownNotAStructWithoutChildrenAndRangesOfTimesAreDateTimeRanges() {
        // OpenMetadata has no type for a range of numbers and refuses a STRUCT without children (400).
        assertThat(table("ranges").columns()).extracting(Column::name, Column::dataType, Column::dataTypeDisplay,
                Column::children).containsExactly(
                tuple("i", DataType.UNKNOWN, "int4range", null),
                tuple("b", DataType.UNKNOWN, "int8range", null),
                tuple("n", DataType.UNKNOWN, "numrange", null),
                tuple("m", DataType.UNKNOWN, "int4multirange", null),
                tuple("f", DataType.UNKNOWN, "floatrange", null),
                tuple("t", DataType.DATETIMERANGE, "tstzrange", null),
                tuple("d", DataType.DATETIMERANGE, "daterange", null));
    }

    @Test
    void aCompositeTypeColumnIsAStructWithItsFieldsAsChildren() {
        // OpenMetadata's server refuses a STRUCT column without children (400, "children must not be null").
        List<Column> columns = table("people").columns();
        Column who = columns.get(1);
        assertThat(who.dataType()).isEqualTo(DataType.STRUCT);
        assertThat(who.dataTypeDisplay()).isEqualTo("contact");
        assertThat(who.children()).extracting(Column::name, Column::dataType, Column::dataLength, Column::dataTypeDisplay)
                .containsExactly(tuple("home", DataType.STRUCT, null, "address"),
                        tuple("full_name", DataType.VARCHAR, 40, "character varying(40)"));
        assertThat(who.children().get(0).children()).extracting(Column::name, Column::dataType, Column::arrayDataType,
                Column::dataLength, Column::dataTypeDisplay).containsExactly(
                tuple("street", DataType.VARCHAR, null, 80, "character varying(80)"),
                tuple("zip", DataType.INT, null, null, "posint"),
                tuple("tags", DataType.ARRAY, DataType.TEXT, null, "text[]"));
        // An array of them is an ARRAY of STRUCT, which OpenMetadata takes without children.
        assertThat(columns.get(2)).extracting(Column::dataType, Column::arrayDataType, Column::children)
                .containsExactly(DataType.ARRAY, DataType.STRUCT, null);
    }

    @Test
    void theDdlSaysUnloggedInheritsForeignServerAndPartitionKeyAsPgDumpWould() {
        assertThat(table("scratch").schemaDefinition()).startsWith("CREATE UNLOGGED TABLE public.scratch (");
        assertThat(table("child_log").schemaDefinition()).isEqualTo("CREATE TABLE public.child_log (\n"
                + "    extra text\n) INHERITS (public.base_log);");
        assertThat(table("child_log").columns()).extracting(Column::name).containsExactly("id", "at", "extra");
        assertThat(table("base_log").schemaDefinition()).contains("CONSTRAINT positive CHECK (id > 0)")
                .endsWith("\n);");
        assertThat(table("remote_items").schemaDefinition()).isEqualTo("CREATE FOREIGN TABLE public.remote_items (\n"
                + "    id integer,\n    note text\n) SERVER loop OPTIONS (schema_name 'shop', table_name 'items');")
                .doesNotContain("mapping-secret");
        assertThat(table("orders").schemaDefinition()).startsWith("CREATE TABLE public.orders (")
                .endsWith(") PARTITION BY LIST (region);");
    }
}
