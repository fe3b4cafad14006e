package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validate masks the workflow's secrets on every line it prints, its success line too, as ingest does. */
class ValidateMaskingTest {

    private static final String PASSWORD = "Ingest9pw";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    @Test
    void aServiceNameHoldingThePasswordShowsMaskedInTheSuccessLine() throws Exception {
        Path file = dir.resolve("f.yaml");
        Files.writeString(file, ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                "hostPort: \"shelf:1\", books: [a], password: " + PASSWORD).replace("serviceName: shelf_svc",
                "serviceName: svc_" + PASSWORD));

        assertThat(cli.run("validate", "-c", file.toString())).as(cli.console()).isZero();

        assertThat(cli.out())
                .isEqualTo(file + ": valid - Shelf metadata workflow of svc_******, writing to file\n");
        assertThat(cli.console()).doesNotContain(PASSWORD).contains("shows as ******");
    }

    @Test
    void aTestSuitesServiceNamesShowMaskedToo() throws Exception {
        Path file = dir.resolve("suite.yaml");
        Files.writeString(file, ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("svc_" + PASSWORD, "Shelf", "shelf:1", "password: " + PASSWORD)));

        assertThat(cli.run("validate", "-c", file.toString())).as(cli.console()).isZero();

        assertThat(cli.out())
                .isEqualTo(file + ": valid - test suite workflow on svc_****** (Shelf), writing to file\n");
        assertThat(cli.console()).doesNotContain(PASSWORD);
    }

    /** A --report problem found once the workflow loaded is told with the file's secrets masked as well. */
    @Test
    void aReportProblemAfterLoadingIsMasked() throws Exception {
        Path file = dir.resolve("f.yaml");
        Path folder = Files.createDirectory(dir.resolve("r_" + PASSWORD));
        Files.writeString(file, ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                "hostPort: \"shelf:1\", books: [a], password: " + PASSWORD));

        assertThat(cli.run("validate", "-c", file.toString(), "--report", folder.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);

        assertThat(cli.console()).contains("--report: ").contains("r_******").doesNotContain(PASSWORD);
    }
}
