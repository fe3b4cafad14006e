package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> records(String... lines) throws Exception {
        List<JsonNode> records = new java.util.ArrayList<>();
        for (String line : lines) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    @Test
    void namesWithQuotesAndDotsHaveTheServersFqnsAndAreNotMiscounted() throws Exception {
        // OpenMetadata writes a"b.c unquoted, so the schema's FQN splits into four parts: still well formed.
        RecordChecks checks = new RecordChecks("s.v\"c", records(
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"d\",\"service\":\"s.v\\\"c\"}}",
                "{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"a\\\"b.c\",\"database\":\"s.v\\\"c.d\"}}"));
        assertThat(checks.ownFqns()).isEmpty();
    }

    @Test
    void aMiscountedFqnWithoutQuotesIsStillAProblem() throws Exception {
        // The schema names a one-part database: its FQN has two parts where three are expected.
        RecordChecks checks = new RecordChecks("svc", records(
                "{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"s\",\"database\":\"svc\"}}"));
        assertThat(checks.ownFqns()).containsExactly("databaseSchema svc.s: 2 parts where 3 are expected"
                + " (service.database.schema: its database field, then its name)");
    }

    /** A table that names its schema without the service: one line, saying what the FQN is made of. */
    @Test
    void anFqnWrongInTwoWaysIsOneLineNamingTheFieldToFix() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"databaseSchema\":\"d.s\",\"columns\":[]}}"));
        assertThat(checks.ownFqns()).containsExactly("table d.s.t: 3 parts where 4 are expected"
                + " (service.database.schema.table: its databaseSchema field, then its name);"
                + " does not start with the service name 'svc'");
    }

    @Test
    void aParentEmittedAfterItsChildIsNamedWithTheRule() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(
                "{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"s\",\"database\":\"svc.d\"}}",
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"d\",\"service\":\"svc\"}}",
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"databaseSchema\":\"svc.d.s\",\"columns\":[]}}"));
        assertThat(checks.sameServiceReferences()).containsExactly("databaseSchema svc.d.s is emitted before its database"
                + " svc.d: emit the database first (the metadata-rest sink writes records in the order they come, and"
                + " OpenMetadata refuses a record whose database does not exist yet with 404)");
    }

    @Test
    void aColumnNameRepeatedAmongItsSiblingsIsAShapeProblemAtEachLevel() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(DB, SCHEMA,
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"databaseSchema\":\"svc.d.s\",\"columns\":["
                        + "{\"name\":\"id\",\"dataType\":\"INT\"},{\"name\":\"id\",\"dataType\":\"BIGINT\"},"
                        + "{\"name\":\"addr\",\"dataType\":\"STRUCT\",\"children\":[{\"name\":\"zip\",\"dataType\":\"STRING\"},"
                        + "{\"name\":\"zip\",\"dataType\":\"STRING\"},{\"name\":\"id\",\"dataType\":\"INT\"}]}]}}",
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"u\",\"databaseSchema\":\"svc.d.s\",\"columns\":["
                        + "{\"name\":\"id\",\"dataType\":\"INT\",\"children\":[{\"name\":\"id\",\"dataType\":\"INT\"}]}]}}"));
        assertThat(checks.shapes()).containsExactly(
                "record table svc.d.s.t: column id is repeated (OpenMetadata refuses the table with 400): emit each column"
                        + " once",
                "record table svc.d.s.t: column addr.zip is repeated (OpenMetadata refuses the table with 400): emit each"
                        + " column once");
    }

    /** Two schemas may each hold an {@code orders}: a shape problem names the table by its FQN. */
    @Test
    void aShapeProblemNamesTheRecordByItsFqn() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(DB,
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"orders\",\"databaseSchema\":\"svc.d.a\"}}",
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"orders\",\"databaseSchema\":\"svc.d.b\"}}",
                "{\"entityType\":\"table\",\"entity\":{\"name\":\"orphan\"}}"));
        assertThat(checks.shapes()).contains("record table svc.d.a.orders: columns is missing",
                "record table svc.d.b.orders: columns is missing");
        assertThat(checks.shapes()).as("without its schema, the table is named as it came")
                .anyMatch(line -> line.startsWith("record table orphan: "));
    }

    @Test
    void aDashboardListingAChartEmittedAfterItFails() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(
                "{\"entityType\":\"dashboard\",\"entity\":{\"name\":\"b\",\"service\":\"svc\",\"charts\":[\"svc.c\"]}}",
                "{\"entityType\":\"chart\",\"entity\":{\"name\":\"c\",\"service\":\"svc\"}}"));
        assertThat(checks.sameServiceReferences()).singleElement().asString()
                .startsWith("dashboard svc.b is emitted before its chart svc.c: emit the chart first");
    }

    private static final String DB = "{\"entityType\":\"database\",\"entity\":{\"name\":\"d\",\"service\":\"svc\"}}";
    private static final String SCHEMA = "{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"s\",\"database\":\"svc.d\"}}";
    private static final String TABLE = "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"databaseSchema\":\"svc.d.s\",\"columns\":[]}}";
    private static final String VIEW = "{\"entityType\":\"table\",\"entity\":{\"name\":\"v\",\"databaseSchema\":\"svc.d.s\",\"columns\":[]}}";

    private static String edge(String from, String to) {
        return "{\"entityType\":\"lineage\",\"entity\":{\"edge\":{\"fromEntity\":{\"type\":\"table\",\"fullyQualifiedName\":\""
                + from + "\"},\"toEntity\":{\"type\":\"table\",\"fullyQualifiedName\":\"" + to + "\"}}}}";
    }

    @Test
    void lineageBeforeTheTablesItLinksIsNamedWithTheFix() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(DB, SCHEMA, TABLE, edge("svc.d.s.t", "svc.d.s.v"), VIEW));
        assertThat(checks.sameServiceReferences()).containsExactly("lineage table:svc.d.s.t -> table:svc.d.s.v: its toEntity"
                + " table svc.d.s.v is emitted after the edge: emit lineage after the tables it links (the metadata-rest"
                + " sink writes records in the order they come and leaves out an edge whose end the server does not have"
                + " yet, so a first ingest loses it)");
    }

    @Test
    void lineageToAnOwnTableTheRunNeverEmitsIsNamed() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(DB, SCHEMA, TABLE, edge("svc.d.s.gone", "svc.d.s.t")));
        assertThat(checks.sameServiceReferences()).singleElement().asString()
                .startsWith("lineage table:svc.d.s.gone -> table:svc.d.s.t: its fromEntity table svc.d.s.gone is in the"
                        + " run's service 'svc' but this run did not emit it: emit lineage after the tables it links")
                .endsWith("; link only entities the run emits");
    }

    /** Ends in other services are ingested on their own; an end differing only in case the sink finds all the same. */
    @Test
    void lineageAfterItsTablesOrToOtherServicesPasses() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(DB, SCHEMA, edge("dw.db.public.raw", "dw.db.public.clean"),
                TABLE, VIEW, edge("svc.d.s.T", "svc.d.s.v"), edge("dw.db.public.raw", "svc.d.s.t")));
        assertThat(checks.sameServiceReferences()).isEmpty();
    }

    /** Duplicates come first, counted, so that other FQN problems (capped at ten lines) cannot hide them. */
    @Test
    void duplicatesAreCountedAndTheFirstFewNamedAheadOfOtherProblems() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add("{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"s" + i + "\",\"database\":\"svc\"}}");
        }
        for (int i = 0; i < 7; i++) {
            String db = "{\"entityType\":\"database\",\"entity\":{\"name\":\"d" + i + "\",\"service\":\"svc\"}}";
            lines.add(db);
            lines.add(db);
        }
        lines.add(lines.get(lines.size() - 1));
        List<String> problems = new RecordChecks("svc", records(lines.toArray(String[]::new))).ownFqns();
        assertThat(problems.get(0)).isEqualTo("7 entities were emitted more than once: database svc.d0 (2 times),"
                + " database svc.d1 (2 times), database svc.d2 (2 times), database svc.d3 (2 times), database svc.d4"
                + " (2 times), … and 2 more; emit each entity once per run (its FQN is its identity)");
        assertThat(problems).hasSize(11).last().isEqualTo("… and 3 more");
    }
}
