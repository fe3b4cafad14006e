package io.metaingest.connectors.postgres;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The conformance kit, for every workflow kind, against the test server's sample database. */
class PostgresKitTest extends ConnectorKit {

    @Override
    protected String serviceType() {
        return "Postgres";
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.LINEAGE, Capability.USAGE, Capability.PROFILER, Capability.AUTO_CLASSIFICATION,
                Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        return Map.of(
                WorkflowKind.METADATA, workflow("postgres", "{type: DatabaseMetadata, includeOwners: true}"),
                WorkflowKind.LINEAGE, workflow("postgres-lineage", "{type: DatabaseLineage}"),
                WorkflowKind.USAGE, usage(workflow("postgres-usage", "{type: DatabaseUsage, queryLogDuration: 1}")),
                WorkflowKind.PROFILER, workflow("postgres", "{type: Profiler, profileSampleType: ROWS, profileSample: 100}"),
                WorkflowKind.AUTO_CLASSIFICATION, workflow("postgres",
                        "{type: AutoClassification, enableAutoClassification: true, sampleDataCount: 10}"));
    }

    /** As OpenMetadata's Postgres source, databaseFilterPattern chooses among the databases only when all are read. */
    @Override
    protected Map<String, Object> excludeEverythingConnection() {
        return Map.of("ingestAllDatabases", true);
    }

    @Override
    protected Map<WorkflowKind, String> nondeterministic() {
        return Map.of(WorkflowKind.PROFILER, "each profile carries the time it was taken");
    }

    /**
     * The usage workflow as OpenMetadata writes it: Postgres's own {@code query-parser}, then
     * {@code table-usage} and {@code metadata-usage} (which the kit never runs), so the kit also runs
     * the parser and checks that table-usage accepts what it emits.
     */
    private static String usage(String workflow) {
        return workflow.replace("sink: {type: console}\n", """
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: target/kit-usage-stage}}
                bulkSink: {type: metadata-usage, config: {filename: target/kit-usage-stage, path: target/kit-usage.ndjson}}
                """);
    }

    private static String workflow(String sourceType, String sourceConfig) {
        TestPg pg = TestPg.get();
        return """
                source:
                  type: %s
                  serviceName: conformance_pg
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: "%s"
                      username: "%s"
                      authType: {password: "%s"}
                      database: "%s"
                  sourceConfig:
                    config: %s
                sink: {type: console}
                """.formatted(sourceType, pg.hostPort(), pg.user(), pg.password(), pg.shop(), sourceConfig);
    }
}
