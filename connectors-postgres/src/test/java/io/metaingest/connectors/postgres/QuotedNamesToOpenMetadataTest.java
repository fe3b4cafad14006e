package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.StepSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names with a double quote, and a service name with a dot, published through the metadata-rest sink:
 * the parents metaingest names must be the FQNs the server built (the stand-in applies the server's
 * quoteName rule), or every child is refused with a 404 and lineage between them is left out.
 */
class QuotedNamesToOpenMetadataTest {

    static final String DB = "odd";
    static final TestPg pg = TestPg.get();

    @BeforeAll
    static void load() {
        pg.database(DB, false, """
                CREATE SCHEMA "we""ird";
                CREATE TABLE "we""ird"."q""t" (id int PRIMARY KEY, "a""b" text);
                CREATE TABLE "we""ird"."d.t" (id int);
                CREATE TABLE "we""ird".plain (id int REFERENCES "we""ird"."q""t" (id));
                CREATE VIEW "we""ird"."v""w" AS SELECT id, "a""b" FROM "we""ird"."q""t";
                CREATE SCHEMA "do.t";
                CREATE TABLE "do.t"."x""y" (id int);
                """);
    }

    // The FQNs are written out as the server builds them, not with Fqn, so that the test checks Fqn.
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "oddsvc  | oddsvc.odd.we\"ird.q\"t   | oddsvc.odd.we\"ird.v\"w   | oddsvc.odd.\"do.t\".x\"y",
            "odd.svc | \"odd.svc\".odd.we\"ird.q\"t | \"odd.svc\".odd.we\"ird.v\"w | \"odd.svc\".odd.\"do.t\".x\"y"})
    void everyTableIsPublishedAndTheViewsLineageWritten(String service, String table, String view, String dotted,
                                                       @TempDir Path dir) throws Exception {
        String token = "odd-bot-jwt";
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(token)) {
            RunResult metadata = run(dir.resolve("metadata.yaml"), server, token, service, "postgres", "DatabaseMetadata");
            StepSummary sink = metadata.steps().get(metadata.steps().size() - 1);
            assertThat(sink.failures()).as(metadata.toString()).isEmpty();
            assertThat(server.count("table")).isEqualTo(5);
            assertThat(server.entity("table", table)).isNotNull();
            assertThat(server.entity("table", view)).isNotNull();
            assertThat(server.entity("table", dotted)).isNotNull();
            assertThat(server.entity("table", table).get("columns").get(1).get("name").asText()).isEqualTo("a\"b");

            RunResult lineage = run(dir.resolve("lineage.yaml"), server, token, service, "postgres-lineage",
                    "DatabaseLineage");
            StepSummary lineageSink = lineage.steps().get(lineage.steps().size() - 1);
            assertThat(lineageSink.failures()).as(lineage.toString()).isEmpty();
            assertThat(lineageSink.warningDetails()).as(lineage.toString()).isEmpty();
            assertThat(server.lineage()).containsExactly(server.entity("table", table).get("id").asText() + "->"
                    + server.entity("table", view).get("id").asText());
        }
    }

    private static RunResult run(Path workflow, OpenMetadataStandIn server, String token, String service,
                                 String sourceType, String configType) throws Exception {
        Files.writeString(workflow, Workflows.source(sourceType, "\"" + service + "\"", Workflows.connection(pg, DB),
                "{type: " + configType + "}") + "sink: {type: metadata-rest, config: {}}\n" + server.workflowConfigYaml(token));
        return Workflows.ingest(Workflows.runtime(), workflow);
    }
}
