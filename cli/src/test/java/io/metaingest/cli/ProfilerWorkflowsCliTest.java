package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.demo.DemoDatabase;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The demo's workflow files name both secrets; a user of them exports both.
        Map<String, String> environment = Map.of(DemoDatabase.TOKEN_VARIABLE, TOKEN,
                DemoDatabase.PASSWORD_VARIABLE, database.password());
        int exit = Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                plugins -> new Metaingest(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), plugins),
                        Mappers.standard(), Clock.systemUTC(), environment::get)), args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
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

    @Test
    void theProfilerWorkflowValidatesAndPutsAProfilePerTable() throws Exception {
        Path profiler = workflow("profiler", """
                type: Profiler
                profileSampleType: PERCENTAGE
                profileSample: 100
                threadCount: 3
                timeoutSeconds: 120""");

        Result validate = run("validate", "-c", profiler.toString());
        assertThat(validate.exit()).as(validate.console()).isEqualTo(ExitCodes.OK);
        Result ingest = run("ingest", "-c", profiler.toString());
        assertThat(ingest.exit()).as(ingest.console()).isEqualTo(ExitCodes.OK);

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

        Result validate = run("validate", "-c", classification.toString());
        assertThat(validate.exit()).as(validate.console()).isEqualTo(ExitCodes.OK);
        Result ingest = run("ingest", "-c", classification.toString());
        assertThat(ingest.exit()).as(ingest.console()).isEqualTo(ExitCodes.OK);

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
