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
        assertThat(checks.ownFqns()).containsExactly("databaseSchema svc.s: 2 parts where 3 are expected");
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
    void aDashboardListingAChartEmittedAfterItFails() throws Exception {
        RecordChecks checks = new RecordChecks("svc", records(
                "{\"entityType\":\"dashboard\",\"entity\":{\"name\":\"b\",\"service\":\"svc\",\"charts\":[\"svc.c\"]}}",
                "{\"entityType\":\"chart\",\"entity\":{\"name\":\"c\",\"service\":\"svc\"}}"));
        assertThat(checks.sameServiceReferences()).singleElement().asString()
                .startsWith("dashboard svc.b is emitted before its chart svc.c: emit the chart first");
    }
}
