package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.demo.DemoDatabase;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaingest validate} and {@code metaingest ingest} of the Profiler and AutoClassification
 * workflow files as the README documents them ({@code processor: orm-profiler}, {@code metadata-rest}),
 * against the demo's sample database in an embedded PostgreSQL and the OpenMetadata stand-in: the
 * metadata workflow creates the tables, the profiler puts their profiles, the auto-classification
 * their sample data and PII tags.
 */
class ProfilerWorkflowsCliTest {

    private static final String TOKEN = "profiler-bot-jwt-7Qx";
    private static DemoDatabase database;
    private static OpenMetadataStandIn server;
    private static Path metadata;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        database = DemoDatabase.start();
        server = new OpenMetadataStandIn(TOKEN);
        metadata = database.writeWorkflows(dir.resolve("workflows"), server.hostPort()).get(0);
        Result run = run("ingest", "-c", metadata.toString());
        assertThat(run.exit()).as(run.console()).isEqualTo(ExitCodes.OK);
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    private record Result(int exit, String console) {
    }

    private static Result run(String... args) {
        CapturedCli cli = new CapturedCli();
        // The demo's workflow files name both secrets; a user of them exports both.
        Map<String, String> environment = Map.of(DemoDatabase.TOKEN_VARIABLE, TOKEN,
                DemoDatabase.PASSWORD_VARIABLE, database.password());
        int exit = Main.execute(cli.main(CapturedCli.discovering(environment)), args);
        return new Result(exit, cli.console());
    }

    /** The metadata workflow with another sourceConfig and OpenMetadata's orm-profiler processor. */
    private static Path workflow(String name, String sourceConfig) throws Exception {
        String yaml = Files.readString(metadata).replace("      type: DatabaseMetadata\n      includeOwners: true\n",
                sourceConfig.indent(6)).replace("sink:\n", "processor:\n  type: orm-profiler\n  config: {}\nsink:\n");
        assertThat(yaml).contains("orm-profiler").doesNotContain("DatabaseMetadata");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Validates {@code workflow}, then runs it; both succeed. Returns the run's result. */
    private static Result validThenIngested(Path workflow) {
        Result validate = run("validate", "-c", workflow.toString());
        assertThat(validate.exit()).as(validate.console()).isEqualTo(ExitCodes.OK);
        Result ingest = run("ingest", "-c", workflow.toString());
        assertThat(ingest.exit()).as(ingest.console()).isEqualTo(ExitCodes.OK);
        return ingest;
    }

    @Test
    void theProfilerWorkflowValidatesAndPutsAProfilePerTable() throws Exception {
        Path profiler = workflow("profiler", """
                type: Profiler
                profileSampleType: PERCENTAGE
                profileSample: 100
                threadCount: 3
                timeoutSeconds: 120""");

        Result ingest = validThenIngested(profiler);

        String employees = DemoDatabase.SERVICE_NAME + ".shop.hr.employees";
        assertThat(server.tableProfiles(employees)).hasSize(1);
        JsonNode profile = server.tableProfiles(employees).get(0);
        assertThat(profile.at("/tableProfile/rowCount").asLong()).isPositive();
        assertThat(profile.get("columnProfile")).isNotEmpty();
        assertThat(server.tableProfiles(DemoDatabase.SERVICE_NAME + ".shop.hr.salaries")).hasSize(1);
        assertThat(ingest.console()).doesNotContain(TOKEN);
    }

    @Test
    void theAutoClassificationWorkflowStoresSampleDataAndTagsPii() throws Exception {
        Path classification = workflow("classification", """
                type: AutoClassification
                schemaFilterPattern:
                  includes: ["^hr$"]
                storeSampleData: true
                enableAutoClassification: true
                confidence: 80
                sampleDataCount: 5""");

        validThenIngested(classification);

        JsonNode employees = server.entity("table", DemoDatabase.SERVICE_NAME + ".shop.hr.employees");
        assertThat(employees.at("/sampleData/rows").size()).isBetween(1, 5);
        JsonNode firstName = null;
        for (JsonNode column : employees.get("columns")) {
            if (column.get("name").asText().equals("first_name")) {
                firstName = column;
            }
        }
        assertThat(firstName).isNotNull();
        assertThat(firstName.at("/tags/0/tagFQN").asText()).isEqualTo("PII.Sensitive");
    }

    @Test
    void anInvalidSamplingTypeIsAConfigurationProblemNamingThePath() throws Exception {
        Path broken = workflow("broken", """
                type: Profiler
                profileSampleType: PERCENT""");
        Result validate = run("validate", "-c", broken.toString());
        assertThat(validate.exit()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(validate.console()).contains("source.sourceConfig.config.profileSampleType");
    }
}
