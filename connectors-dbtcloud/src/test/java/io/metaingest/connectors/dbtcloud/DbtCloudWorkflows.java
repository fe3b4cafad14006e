package io.metaingest.connectors.dbtcloud;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Workflow files pointing at a {@link DbtCloudServer}, as a user would write them, and the runtime that runs them. */
final class DbtCloudWorkflows {

    private DbtCloudWorkflows() {
    }

    /**
     * A metadata workflow reading {@code jobIds} with lineage into {@code warehouse}, writing NDJSON to
     * {@code out} (or to the console when null).
     */
    static Path write(Path dir, DbtCloudServer server, List<String> jobIds, String extraSourceConfig, Path out)
            throws IOException {
        Path file = dir.resolve("dbtcloud.yaml");
        Files.writeString(file, text(server, jobIds, extraSourceConfig, out));
        return file;
    }

    /** The text of the workflow {@link #write} writes. */
    static String text(DbtCloudServer server, List<String> jobIds, String extraSourceConfig, Path out) {
        return text(server.host(), server.discoveryApi(), "jobIds: " + idList(jobIds), extraSourceConfig, out);
    }

    /**
     * A metadata workflow against {@code host} and {@code discoveryApi} whose connection selects what to read with
     * {@code selection} (its {@code jobIds}/{@code projectIds} lines, or nothing for every job of the account), with
     * lineage into {@code warehouse}, writing NDJSON to {@code out} (or to the console when null).
     */
    static String text(String host, String discoveryApi, String selection, String extraSourceConfig, Path out) {
        String sink = out == null ? "{type: console}" : "{type: file, config: {path: \"" + out + "\"}}";
        return """
                source:
                  type: dbtcloud
                  serviceName: dbt_prod
                  serviceConnection:
                    config:
                      type: DBTCloud
                      host: "%s"
                      discoveryAPI: "%s"
                      accountId: "%s"
                      token: "%s"
                %s
                      numberOfRuns: 3
                      threads: 3
                  sourceConfig:
                    config:
                      type: PipelineMetadata
                      lineageInformation: {dbServiceNames: [warehouse]}
                %s
                sink: %s
                workflowConfig: {successThreshold: 50}
                """.formatted(host, discoveryApi, DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN,
                selection.indent(6).stripTrailing(), extraSourceConfig.indent(6).stripTrailing(), sink);
    }

    /** {@code ids} as a YAML flow list of strings: {@code ["1", "2"]}. */
    static String idList(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    /** The runtime with the dbt Cloud connector alone, reading the process's environment. */
    static Metaingest runtime() {
        return new Metaingest(ServiceSpecRegistry.of(new DbtCloudSpec()), Mappers.standard(), Clock.systemUTC(),
                System::getenv);
    }

    /** Runs the workflow file {@code workflow} as the CLI does, writing its report to {@code report}. */
    static RunResult ingest(Path workflow, Path report, OutputStream console) throws Exception {
        return runtime().ingest(workflow, Optional.of(report), new PrintStream(console, true, StandardCharsets.UTF_8),
                false);
    }
}
