package io.metaingest.runtime.testing;

import io.metaingest.api.StepProvider;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Workflows over the test connectors' Shelf: the runtime that runs them and the YAML the tests write. */
public final class ShelfWorkflows {

    private ShelfWorkflows() {
    }

    /** The runtime over {@code providers} with the standard mapper, the system clock and no environment. */
    public static Metaingest runtime(StepProvider... providers) {
        return runtime(Clock.systemUTC(), providers);
    }

    /** The runtime over {@code providers} with the standard mapper, {@code clock} and no environment. */
    public static Metaingest runtime(Clock clock, StepProvider... providers) {
        return new Metaingest(ServiceSpecRegistry.of(providers), Mappers.standard(), clock, Map.<String, String>of()::get);
    }

    /** Runs {@code workflow} with {@code runtime}, its report to {@code report}; its console and messages unread. */
    public static RunResult ingestQuietly(Metaingest runtime, Path workflow, Optional<Path> report) throws Exception {
        PrintStream unread = new PrintStream(OutputStream.nullOutputStream());
        return runtime.ingest(workflow, new Metaingest.IngestOptions(report, unread, unread, false, false));
    }

    /**
     * A Shelf source of service {@code shelf_service} reading database metadata: {@code connection} holds the
     * fields of its connection beside {@code type: Shelf}, one a line.
     */
    public static String shelfSource(String connection) {
        return shelfSource(connection, "");
    }

    /** As {@link #shelfSource(String)}, with {@code sourceConfig}'s fields beside {@code type: DatabaseMetadata}. */
    public static String shelfSource(String connection, String sourceConfig) {
        return shelfSourceOf("shelf_service", "serviceConnection:\n  config:\n    type: Shelf\n" + connection.indent(4),
                "type: DatabaseMetadata\n" + sourceConfig);
    }

    /**
     * A Shelf source of service {@code serviceName}: {@code serviceConnection} as written under {@code source} (empty
     * for none, the server's then), {@code sourceConfig} the fields of its {@code sourceConfig.config}.
     */
    public static String shelfSourceOf(String serviceName, String serviceConnection, String sourceConfig) {
        return """
                source:
                  type: shelf
                  serviceName: %s
                %s
                  sourceConfig:
                    config:
                %s
                """.formatted(serviceName, serviceConnection.indent(2).stripTrailing(), sourceConfig.indent(6).stripTrailing());
    }

    /** A test suite {@code my_suite}'s source, {@code serviceConnections} (a YAML list) the services it runs on. */
    public static String testSuiteSource(String serviceConnections) {
        return """
                source:
                  type: TestSuite
                  serviceName: my_suite
                  sourceConfig:
                    config:
                      type: TestSuite
                      serviceConnections:
                %s
                """.formatted(serviceConnections.indent(8).stripTrailing());
    }

    /**
     * A usage workflow of service {@code logs}: {@code connectorType}'s usage source reading {@code queries} (a YAML
     * list), the query parser, the table-usage stage writing to {@code stage} and the metadata-usage bulk sink with
     * {@code bulkSinkConfig}.
     */
    public static String usagePipeline(String connectorType, String queries, Path stage, String bulkSinkConfig) {
        return """
                source:
                  type: %s-usage
                  serviceName: logs
                  serviceConnection:
                    config:
                      type: %s
                      hostPort: "shelf:1"
                      queries:
                %s
                  sourceConfig: {config: {type: DatabaseUsage}}
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: %s}}
                bulkSink: {type: metadata-usage, config: {%s}}
                """.formatted(connectorType.toLowerCase(), connectorType, queries.indent(8).stripTrailing(), stage,
                bulkSinkConfig);
    }
}
