package io.metaingest.connectors.dbtcloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Workflow files pointing at a {@link DbtCloudServer}, as a user would write them. */
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
        String ids = jobIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "));
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
                      jobIds: [%s]
                      numberOfRuns: 3
                      threads: 3
                  sourceConfig:
                    config:
                      type: PipelineMetadata
                      lineageInformation: {dbServiceNames: [warehouse]}
                %s
                sink: %s
                workflowConfig: {successThreshold: 50}
                """.formatted(server.host(), server.discoveryApi(), DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN,
                ids, extraSourceConfig.indent(6).stripTrailing(), sink);
    }
}
