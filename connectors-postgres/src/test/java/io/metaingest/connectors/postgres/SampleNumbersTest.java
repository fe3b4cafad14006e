package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampled numbers read as PostgreSQL prints them (psql's {@code 10000000000}, {@code 1e+20}, {@code 12.50},
 * {@code 0.0000000001}), never as Java writes a double or a decimal ({@code 1.0E10}, {@code 1E-10}), in the file
 * a run writes; and they reach OpenMetadata as the same numbers, written plain, decimals with their scale.
 */
class SampleNumbersTest {

    static final String DB = "sample_numbers";
    static final TestPg pg = TestPg.get();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        pg.database(DB, false, """
                CREATE SCHEMA n;
                CREATE TABLE n.t (id int, f8 float8, f4 real, d numeric);
                INSERT INTO n.t VALUES (1, 1e10, 1.1, 12.50), (2, 1e20, 3.4e38, 0.0000000001), (3, 1.5e-7, 1e-5, 100),
                    (4, 0.1, 16777216, -0.5);
                """);
    }

    private RunResult run(String sourceConfig, String sink) throws Exception {
        Path workflow = Files.writeString(dir.resolve("workflow.yaml"),
                Workflows.source("postgres", "pg", Workflows.connection(pg, DB), sourceConfig) + sink);
        return Workflows.ingest(Workflows.runtime(), workflow);
    }

    private static final String SAMPLE = "{type: AutoClassification, storeSampleData: true, schemaFilterPattern: {includes: [\"^n$\"]}}";

    @Test
    void theFileHoldsTheNumbersAsPostgresPrintsThem() throws Exception {
        Path out = dir.resolve("sample.ndjson");
        RunResult run = run(SAMPLE, "sink: {type: file, config: {path: \"" + out + "\"}}\n");

        assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCESS);
        assertThat(Files.readString(out)).contains("\"rows\":[[1,10000000000,1.1,12.50],[2,1e+20,3.4e+38,0.0000000001],"
                + "[3,1.5e-07,1e-05,100],[4,0.1,1.6777216e+07,-0.5]]");
    }

    @Test
    void theServerGetsTheSameNumbersWrittenPlain() throws Exception {
        String token = "sample-bot-jwt";
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(token)) {
            String sink = "sink: {type: metadata-rest, config: {}}\n" + server.workflowConfigYaml(token);
            assertThat(run("{type: DatabaseMetadata}", sink).state()).isEqualTo(RunState.SUCCESS);
            RunResult run = run(SAMPLE, sink);

            assertThat(run.state()).as(run.toString()).isEqualTo(RunState.SUCCESS);
            String body = server.calls().stream().filter(c -> c.line().endsWith("/sampleData")).findFirst().orElseThrow()
                    .text();
            assertThat(body).contains("\"rows\":[[1,10000000000,1.1,12.50],[2,100000000000000000000,"
                    + "340000000000000000000000000000000000000,0.0000000001],[3,0.00000015,0.00001,100],"
                    + "[4,0.1,16777216,-0.5]]");
        }
    }
}
