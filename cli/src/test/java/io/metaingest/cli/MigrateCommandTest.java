package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.connectors.fivetran.FivetranFixtures;
import io.metaingest.connectors.fivetran.FivetranServer;
import io.metaingest.api.RenamedFilterNames;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaingest migrate} beyond the corpus: kind dispatch, secrets, --resolve, where files go. */
class MigrateCommandTest {

    private static final String PG = """
            source:
              type: postgres
              serviceName: local_postgres
              serviceConnection:
                config:
                  type: Postgres
                  hostPort: localhost:5432
                  username: ingest
                  authType:
                    password: %s
              sourceConfig:
                config:
                  type: %s
            sink:
              type: console
            """;

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ kind dispatch

    @Test
    void aFileWhoseKindOrServiceCannotBeToldIsRefusedWithOneLinePerProblem() throws Exception {
        Path unknownType = file("a.yaml", PG.formatted("x", "DatabaseMetadata\n      overrideViewLineage: true")
                .replace("type: Postgres", "type: Postgress"));
        MigrateCli.Run run = MigrateCli.run("migrate", "-c", unknownType.toString(), "-o", dir.resolve("o.yaml").toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err().lines().toList()).containsExactly(
                "source.serviceConnection.config.type: unknown service type 'Postgress'; did you mean 'Postgres'?; migrate needs its connector to "
                        + "know its retired fields. Installed: DBTCloud, Fivetran, MetadataShelf, MicroStrategy, Postgres, Shelf, ShelfAnnex",
                unknownType + ": 1 configuration problem; nothing was written");

        // OpenMetadata 1.6's PostgreSQL page writes the service type so; its connector is Postgres.
        Path documented = file("d.yaml", PG.formatted("x", "DatabaseMetadata").replace("type: Postgres", "type: PostgreSQL"));
        run = MigrateCli.run("migrate", "-c", documented.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith("source.serviceConnection.config.type: unknown service type 'PostgreSQL'; did you"
                + " mean 'Postgres'?; migrate needs its connector to know its retired fields. Installed: ");

        Path unknownConfig = file("b.yaml", PG.formatted("x", "DatabaseMetadat"));
        run = MigrateCli.run("migrate", "-c", unknownConfig.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith("source.sourceConfig.config.type: unknown sourceConfig type 'DatabaseMetadat'; "
                + "the workflow kind decides what migrates. Known: DatabaseMetadata, PipelineMetadata,");

        Path mismatch = file("c.yaml", PG.formatted("x", "DatabaseMetadata").replace("type: postgres", "type: postgres-lineage"));
        run = MigrateCli.run("migrate", "-c", mismatch.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith("source.type: 'postgres-lineage' does not match a DatabaseMetadata workflow of "
                + "Postgres; write 'postgres'\n");

        Path testSuiteKind = file("d.yaml", PG.formatted("x", "Profiler").replace("type: postgres", "type: testsuite"));
        run = MigrateCli.run("migrate", "-c", testSuiteKind.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith("source.sourceConfig.config.type: a testsuite source needs type TestSuite, not 'Profiler'\n");

        Path notAWorkflow = file("e.yaml", "- just\n- a list\n");
        run = MigrateCli.run("migrate", "-c", notAWorkflow.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith("source: missing; e.yaml is not a workflow file (source, sink, workflowConfig)\n");

        Path notYaml = file("f.yaml", "source: {type: postgres\n");
        run = MigrateCli.run("migrate", "-c", notYaml.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).contains("not valid YAML").doesNotContain("Exception").doesNotContain("\tat ");
        // Worded and placed as validate words it: where the mapping opened, in plain words.
        assertThat(run.err()).startsWith("f.yaml:1:9: not valid YAML: a mapping opened here with '{' is never closed with '}'\n");

        assertThat(files()).doesNotContain("o.yaml");
    }

    @Test
    void aKeyWrittenTwiceIsRefusedWithBothLinesAndNothingIsWritten() throws Exception {
        Path old = file("old.yaml", PG.formatted("x", "Profiler\n      confidence: 85\n      confidence: 60"));
        Path out = dir.resolve("new.yaml");
        MigrateCli.Run run = MigrateCli.run("migrate", "-c", old.toString(), "-o", out.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err().lines().toList()).containsExactly(
                "source.sourceConfig.config.confidence: duplicate key 'confidence' on lines 14 and 15; keep one "
                        + "(otherwise the last one would silently win)",
                old + ": 1 configuration problem; nothing was written");
        assertThat(files()).containsExactly("old.yaml");
    }

    @Test
    void anyRetiredFieldAConnectorStatesIsRewrittenOrReported() throws Exception {
        // The shared test connector Shelf states in its schema: user renamed to username, archive removed.
        Path input = file("shelf.yaml", """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config:
                      type: Shelf
                      hostPort: "shelf:1"
                      books: [a]
                      user: "ingest"   # who reads
                      archive: true
                  sourceConfig:
                    config:
                      type: DatabaseMetadata
                sink:
                  type: console
                """);

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("new.yaml").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out().lines().toList()).containsExactly(
                "changed   source.serviceConnection.config.user: now username -- renamed to username in 1.6",
                "attention source.serviceConnection.config.archive: left as is, it needs a decision -- removed in 1.6:"
                        + " archived books are not read any more; delete the field",
                input + ": 1 change written to " + dir.resolve("new.yaml") + "; 1 item needs your decision (attention above)");
        assertThat(Files.readString(dir.resolve("new.yaml"))).contains("      username: \"ingest\"   # who reads\n      archive: true\n");
        MigrateCli.Run validate = MigrateCli.run("validate", "-c", dir.resolve("new.yaml").toString());
        assertThat(validate.err()).startsWith("source.serviceConnection.config.archive: unknown field: removed in 1.6:"
                + " archived books are not read any more; delete the field\n");
    }

    /**
     * A flow-style 1.5 file with unquoted {@code ${VAR}}s is migrated as the loader reads it, and written back with
     * each reference as the user wrote it: only the renamed key differs. The variables are not set here, so what the
     * loader finds in them is left to where the file runs.
     */
    @Test
    void aFlowStyleFileWithVariablesIsMigratedAndWrittenBackAsWrittenButTheRenamedKey() throws Exception {
        String original = """
                source: {type: shelf, serviceName: shelf_svc, serviceConnection: {config: {type: Shelf,
                    hostPort: "shelf:1", books: [a, ${BOOK}], user: ${SHELF_USER}, archive: true}},
                  sourceConfig: {config: {type: DatabaseMetadata}}}   # ${NOT_A_VALUE}
                sink: {type: console}
                workflowConfig: {successThreshold: ${THR}, loggerLevel: "${LVL:-INFO}"}
                """;
        Path input = file("shelf.yaml", original);
        Path output = dir.resolve("new.yaml");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().toList()).containsExactly(
                "changed   source.serviceConnection.config.user: now username -- renamed to username in 1.6",
                "attention source.serviceConnection.config.archive: left as is, it needs a decision -- removed in 1.6:"
                        + " archived books are not read any more; delete the field",
                input + ": 1 change written to " + output + "; 1 item needs your decision (attention above)");
        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(Files.readString(output)).isEqualTo(original.replace(" user: ${SHELF_USER}", " username: ${SHELF_USER}"));
        assertThat(Files.readString(input)).isEqualTo(original);
    }

    /**
     * A file saved on Windows (a byte order mark, CRLF line ends) gets its migrated file and companions in the same
     * form: the companion's header comes after the mark (before it, the mark joined the first key, 'source'), and
     * the lines migrate writes end as the file's do.
     */
    @Test
    void aFileWithAByteOrderMarkAndCrlfLineEndsGetsFilesOfTheSameFormThatValidate() throws Exception {
        String windows = "\uFEFF" + PG.formatted("\"${PG_PASSWORD}\"", "Profiler\n      generateSampleData: true"
                + "\n      processPiiSensitive: true   # tag PII").replace("\n", "\r\n");
        Path input = file("pg.yaml", windows);

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("new.yaml").toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        for (String written : List.of("new.yaml", "new-autoClassification.yaml")) {
            String text = Files.readString(dir.resolve(written));
            assertThat(text).as(written).startsWith("\uFEFF").doesNotContainPattern("[^\r]\n").endsWith("\r\n");
            assertThat(text.indexOf('\uFEFF', 1)).as(written + ": one mark, at the start").isEqualTo(-1);
            MigrateCli.Run validate = MigrateCli.run("validate", "-c", dir.resolve(written).toString());
            assertThat(validate.code()).as(written + ": " + validate.err()).isEqualTo(ExitCodes.OK);
        }
    }

    /**
     * A value migrate rewrites that is an alias ({@code *acct}) is rewritten where the alias is written: the anchored
     * value (the account id) stays as it is. An anchor on a rewritten value stays on it, so its aliases still resolve.
     */
    @Test
    void anAliasIsRewrittenWhereItIsWrittenAndAnAnchorStaysOnItsValue() throws Exception {
        String dbt = """
                source:
                  type: dbtcloud
                  serviceName: dbt
                  serviceConnection:
                    config:
                      type: DBTCloud
                      host: https://ab123.us1.dbt.com
                      discoveryAPI: https://metadata.cloud.getdbt.com/graphql
                      accountId: &acct "70403103922125"
                      jobId: *acct   # the job named after the account
                      token: dbtc_Secret-2
                  sourceConfig:
                    config: {type: PipelineMetadata}
                sink: {type: console}
                """;
        String mstr = """
                source:
                  type: mstr
                  serviceName: m
                  serviceConnection:
                    config:
                      type: &t Mstr
                      username: ingest
                      password: mstr-Secret-3
                      hostPort: https://mstr.example.com
                  sourceConfig:
                    config:
                      type: DashboardMetadata
                      dashboardFilterPattern: {includes: [*t]}
                sink: {type: console}
                """;
        Map<String, String> expected = Map.of(
                dbt, dbt.replace("jobId: *acct", "jobIds: [*acct]"),
                mstr, mstr.replace("type: mstr", "type: microstrategy").replace("&t Mstr", "&t MicroStrategy"));
        for (Map.Entry<String, String> workflow : expected.entrySet()) {
            Path input = file("in.yaml", workflow.getKey());
            Path output = dir.resolve("out.yaml");
            Files.deleteIfExists(output);

            MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
            assertThat(Files.readString(output)).isEqualTo(workflow.getValue());
            MigrateCli.Run validate = MigrateCli.run("validate", "-c", output.toString());
            assertThat(validate.code()).as(validate.err()).isEqualTo(ExitCodes.OK);
        }
    }

    /**
     * OpenMetadata's documented profiler and auto-classification files name no serviceConnection (the server gives
     * it when the workflow runs): their {@code orm-profiler} is Postgres's own, so there is nothing to decide.
     */
    @Test
    void aDocumentedProfilerFileThatReadsItsConnectionFromTheServerIsAlreadyInShape() throws Exception {
        for (String type : List.of("Profiler", "AutoClassification")) {
            Path input = file(type + ".yaml", """
                    source:
                      type: postgres
                      serviceName: local_postgres
                      sourceConfig:
                        config:
                          type: %s
                    processor:
                      type: orm-profiler
                      config: {}  # Remove braces if adding properties
                    sink:
                      type: metadata-rest
                      config: {}
                    workflowConfig:
                      openMetadataServerConfig:
                        hostPort: "http://localhost:8585/api"
                        authProvider: openmetadata
                        securityConfig:
                          jwtToken: "${OM_JWT}"
                    """.formatted(type));

            MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString());

            assertThat(run.out()).isEqualTo(input + ": already in the 1.6 shape; nothing to change\n");
            assertThat(run.code()).isEqualTo(ExitCodes.OK);
        }
    }

    // ------------------------------------------------------------------ secrets

    /** A JSON file is written as JSON, so the dry run suggests a .json output. */
    @Test
    void aDryRunOfAJsonFileSuggestsAJsonOutput() throws Exception {
        Path input = file("mstr.json", """
                {"source": {"type": "mstr", "serviceName": "mstr_prod",
                  "serviceConnection": {"config": {"type": "Mstr", "hostPort": "https://mstr.example.com",
                    "username": "admin", "password": "x"}},
                  "sourceConfig": {"config": {"type": "DashboardMetadata"}}},
                 "sink": {"type": "file", "config": {"path": "out.ndjson"}}}
                """);

        MigrateCli.Run dryRun = MigrateCli.run("migrate", "-c", input.toString());

        assertThat(dryRun.out()).endsWith(input + ": 2 changes needed; nothing written, give -o NEW.json to write the 1.6"
                + " file\n");
    }

    @Test
    void secretValuesAreCopiedButNeverPrinted() throws Exception {
        String secret = "Pl41n-Secret-In-File";
        Path input = file("pg.yaml", PG.formatted(secret, "DatabaseMetadata\n      overrideViewLineage: true"));
        Path out = dir.resolve("new.yaml");

        MigrateCli.Run dryRun = MigrateCli.run("migrate", "-c", input.toString());
        MigrateCli.Run check = MigrateCli.run("migrate", "--check", "-c", input.toString());
        MigrateCli.Run written = MigrateCli.run("migrate", "-c", input.toString(), "-o", out.toString());

        for (MigrateCli.Run run : List.of(dryRun, check, written)) {
            assertThat(run.out() + run.err()).doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes()));
        }
        assertThat(dryRun.out()).endsWith(input + ": 1 change needed; nothing written, give -o NEW.yaml to write the 1.6 file\n");
        assertThat(Files.readString(out)).contains("password: " + secret);
        assertThat(Files.readString(dir.resolve("new-lineage.yaml"))).contains("password: " + secret);
    }

    @Test
    void anOutputThatCannotBeCreatedIsNamedWithWhyAndNothingIsWritten() throws Exception {
        Path input = file("pg.yaml", PG.formatted("${PG_PASSWORD}", "DatabaseMetadata\n      overrideViewLineage: true"));
        Path plain = file("plain", "not a folder\n");
        Path out = plain.resolve("new.yaml");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", out.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).isEqualTo(input + ": cannot create " + out + ": " + plain + " is not a folder; "
                + "nothing written, give another -o\n");
        assertThat(files()).containsExactly("pg.yaml", "plain");

        // A folder that does not exist is named as missing, not its parent as unwritable.
        run = MigrateCli.run("migrate", "-c", input.toString(), "-o", "/proc/nope/x.yaml");
        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith(input + ": cannot create /proc/nope/x.yaml: the folder /proc/nope does not exist"
                + " and cannot be made in /proc (").endsWith("); create it, or choose a path in an existing folder;"
                + " nothing written\n");
    }

    @Test
    void writtenFilesKeepTheInputsPermissionsAndNoTemporaryFile() throws Exception {
        Path input = file("pg.yaml", PG.formatted("${PG_PASSWORD}", "DatabaseMetadata\n      overrideViewLineage: true"));
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rw-------"));

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("sub/new.yaml").toString());

        assertThat(run.code()).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub/new.yaml"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub/new-lineage.yaml"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> sub = Files.list(dir.resolve("sub"))) {
            assertThat(sub.map(p -> p.getFileName().toString()).sorted()).containsExactly("new-lineage.yaml", "new.yaml");
        }
    }

    // ------------------------------------------------------------------ where files go

    @Test
    void theInputChangesOnlyWhenOutputNamesIt() throws Exception {
        Path input = file("dbt.yaml", """
                source:
                  type: dbtcloud
                  serviceName: dbt
                  serviceConnection:
                    config: {type: DBTCloud, host: "https://cloud.getdbt.com", discoveryAPI: "https://metadata.cloud.getdbt.com/graphql", accountId: "1", token: "${DBT_TOKEN}", jobId: "42"}
                  sourceConfig:
                    config: {type: PipelineMetadata}
                sink: {type: console}
                """);
        String before = Files.readString(input);

        assertThat(MigrateCli.run("migrate", "-c", input.toString()).code()).isZero();
        assertThat(Files.readString(input)).isEqualTo(before);
        assertThat(files()).containsExactly("dbt.yaml");

        MigrateCli.Run inPlace = MigrateCli.run("migrate", "-c", input.toString(), "-o", input.toString());
        assertThat(inPlace.code()).isZero();
        assertThat(Files.readString(input)).isEqualTo(before.replace("jobId: \"42\"", "jobIds: [\"42\"]"));
        assertThat(files()).containsExactly("dbt.yaml");
        assertThat(MigrateCli.run("validate", "-c", input.toString()).code()).isZero();
    }

    @Test
    void aCompanionIsNotWrittenOverAFileWithOtherContentAndThenNothingIsWritten() throws Exception {
        Path input = file("pg.yaml", PG.formatted("${PG_PASSWORD}", "DatabaseMetadata\n      overrideViewLineage: true"));
        String original = Files.readString(input);
        Files.writeString(dir.resolve("pg-lineage.yaml"), "# mine\n");

        // In place: the 1.6 file without overrideViewLineage and no companion to hold it would lose the setting.
        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", input.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("attention " + dir.resolve("pg-lineage.yaml") + ": exists with other content; "
                + "not overwritten. The DatabaseLineage workflow needs overrideViewLineage")
                .contains(input + ": nothing was written, so that no setting is lost: move or remove "
                        + dir.resolve("pg-lineage.yaml") + ", or give another -o");
        assertThat(Files.readString(dir.resolve("pg-lineage.yaml"))).isEqualTo("# mine\n");
        assertThat(Files.readString(input)).isEqualTo(original);
    }

    /**
     * The 1.6 file and its companion are written together or not at all: when the companion cannot be written (a
     * full disk; here its temporary file's place is taken by a folder), the 1.6 file is not written either, or it
     * would lack the setting the companion was to take over.
     */
    @Test
    void whenTheCompanionCannotBeWrittenTheMigratedFileIsNotWrittenEither() throws Exception {
        Path input = file("pg.yaml", PG.formatted("${PG_PASSWORD}", "DatabaseMetadata\n      overrideViewLineage: true"));
        Path output = dir.resolve("pg16.yaml");
        Path blocker = Files.createDirectories(dir.resolve(".pg16-lineage.yaml." + ProcessHandle.current().pid() + ".tmp"));
        Files.writeString(blocker.resolve("x"), "keeps the folder from being replaced");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(run.err()).startsWith(input + ": cannot write " + dir.resolve("pg16-lineage.yaml") + ": ")
                .endsWith("; nothing was written (2 files go together)\n");
        assertThat(output).doesNotExist();
        assertThat(dir.resolve("pg16-lineage.yaml")).doesNotExist();
        assertThat(dir.resolve(".pg16.yaml." + ProcessHandle.current().pid() + ".tmp")).as("no temporary file left").doesNotExist();
    }

    @Test
    void checkOnA16FileExitsZeroAndSaysSo() throws Exception {
        Path input = file("pg.yaml", PG.formatted("${PG_PASSWORD}", "DatabaseMetadata"));
        MigrateCli.Run run = MigrateCli.run("migrate", "--check", "-c", input.toString());
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(input + ": already in the 1.6 shape; nothing to change\n");
    }

    /** A key no rule covers stays as written: migrate says validate refuses it, never "done". */
    @Test
    void whatValidateWouldStillRefuseIsAnAttentionItemWithItsPath() throws Exception {
        Path input = file("prof.yaml", PG.formatted("${PG_PASSWORD}", "Profiler")
                .replace("      type: Profiler\n", "      type: Profiler\n      generateSampleData: true\n      someUnknownKey: 1\n")
                .replace("hostPort: localhost:5432", "hostPort: $UNSET_HOST:5432")); // a variable: judged where it runs
        Path output = dir.resolve("new.yaml");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("attention source.sourceConfig.config.someUnknownKey: unknown field; known fields: ")
                .contains("(left as written: `metaingest validate` refuses the file until it is fixed)")
                .contains("1 change written to " + output + "; 1 item needs your decision (attention above)")
                .doesNotContain("hostPort");
        assertThat(MigrateCli.run("migrate", "--check", "-c", output.toString()).code()).isEqualTo(ExitCodes.FAILED);
        assertThat(MigrateCli.run("validate", "-c", output.toString()).code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    /**
     * A certificate's file that is not on this machine may be on the one that runs the workflow: migrate (often run on a
     * laptop) leaves it out; validate, run where the workflow runs, still refuses it.
     */
    @Test
    void aCertificateFileNotOnThisMachineIsNoAttentionItemButValidateRefusesIt() throws Exception {
        Path certs = dir.resolve("certs"); // never created: the files are on another machine
        // A written password: with a ${VAR} in the connection, its check waits for the variable and says nothing.
        Path input = file("ssl.yaml", PG.formatted("pg-pw", "Profiler")
                .replace("      type: Profiler\n", "      type: Profiler\n      generateSampleData: true\n")
                .replace("      username: ingest\n", "      username: ingest\n"
                        + "      sslMode: verify-full\n      sslConfig:\n"
                        + "        caCertificate: " + certs.resolve("ca.pem") + "\n"
                        + "        sslCertificate: " + certs.resolve("client.pem") + "\n"
                        + "        sslKey: " + certs.resolve("client.key") + "\n"));
        assertThat(Files.readString(input)).as("the file names the certificates").contains("sslKey: " + certs);
        Path output = dir.resolve("new.yaml");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("attention").contains("1 change written to " + output);
        assertThat(MigrateCli.run("migrate", "--check", "-c", output.toString()).code()).isEqualTo(ExitCodes.OK);
        MigrateCli.Run validate = MigrateCli.run("validate", "-c", output.toString());
        assertThat(validate.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(validate.err()).contains(
                "source.serviceConnection.config.sslConfig.caCertificate: is neither PEM text (-----BEGIN …) nor the path",
                "source.serviceConnection.config.sslConfig.sslCertificate: is neither PEM text",
                "source.serviceConnection.config.sslConfig.sslKey: is neither PEM text");
    }

    // ------------------------------------------------------------------ --resolve

    private static final String FIVETRAN = """
            source:
              type: fivetran
              serviceName: fivetran_prod
              serviceConnection:
                config:
                  type: Fivetran
                  apiKey: %s
                  apiSecret: %s
                  hostPort: %s
              sourceConfig:
                config:
                  type: PipelineMetadata
                  pipelineFilterPattern:
                    includes:
                      - ^conn_000$                  # the orders connector
                      - 'schoolmaster_heedless_conn_104'
                      - conn_999
                    excludes: ["^Sandbox"]
            sink:
              type: console
            """;

    @Test
    void resolveRewritesConnectorIdsToTheDisplayNamesTheServiceReports() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            Path input = file("ft.yaml", FIVETRAN.formatted(FivetranFixtures.API_KEY, "${FIVETRAN_API_SECRET}", server.hostPort()));
            Path out = dir.resolve("new.yaml");

            MigrateCli.Run flagged = MigrateCli.run("migrate", "-c", input.toString(), "-o", out.toString());
            assertThat(flagged.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(flagged.out()).contains("attention source.sourceConfig.config.pipelineFilterPattern.includes[0]: "
                    + "'^conn_000$' looks like an id; run with --resolve");
            assertThat(server.seen()).isEmpty(); // flagging needs no call

            MigrateCli.Run resolved = MigrateCli.run("migrate", "--resolve", "-c", input.toString(), "-o", out.toString());

            assertThat(resolved.code()).as(resolved.out() + resolved.err()).isEqualTo(ExitCodes.FAILED); // conn_999 is unknown
            assertThat(resolved.out().lines().toList()).containsExactly(
                    "changed   source.sourceConfig.config.pipelineFilterPattern.includes[0]: '^conn_000$' -> "
                            + "'^Staging <> postgres_rds_0$' -- since OpenMetadata 1.6 the Fivetran pipelineFilterPattern"
                            + " matches display names (\"{group name} <> {connector schema}\"), not connector ids",
                    "changed   source.sourceConfig.config.pipelineFilterPattern.includes[1]: 'schoolmaster_heedless_conn_104'"
                            + " -> '^Production <> salesforce_104$' -- since OpenMetadata 1.6 the Fivetran pipelineFilterPattern"
                            + " matches display names (\"{group name} <> {connector schema}\"), not connector ids",
                    "attention source.sourceConfig.config.pipelineFilterPattern.includes[2]: 'conn_999' looks like an id,"
                            + " but the service has no entity with that id or name -- since OpenMetadata 1.6 the Fivetran"
                            + " pipelineFilterPattern matches display names (\"{group name} <> {connector schema}\"), not connector ids",
                    input + ": 2 changes written to " + out + "; 1 item needs your decision (attention above)");
            assertThat(Files.readString(out)).isEqualTo(Files.readString(input)
                    .replace("- ^conn_000$                  # the orders connector",
                            "- ^Staging <> postgres_rds_0$                  # the orders connector")
                    .replace("- 'schoolmaster_heedless_conn_104'", "- '^Production <> salesforce_104$'"));
            assertThat(server.seen()).allSatisfy(seen -> assertThat(seen.path()).matches("/v1/groups.*"));
            assertThat(resolved.out() + resolved.err()).doesNotContain(FivetranFixtures.API_SECRET);
            assertThat(MigrateCli.run("validate", "-c", out.toString()).code()).isZero();
        }
    }

    @Test
    void resolveKeepsAnEntryToTheConnectorsItMatchedAndLeavesOneMatchingSeveralToAHuman() throws Exception {
        // 1.5 matched ids from the start: '^conn_003' was connector conn_003 alone, but its display name
        // 'Staging <> sql_server_hva_3' is the start of those of conn_033 and conn_038 too.
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            Path input = file("ft.yaml", FIVETRAN.formatted(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                    server.hostPort())
                    .replace("- ^conn_000$                  # the orders connector", "- ^conn_003")
                    .replace("- 'schoolmaster_heedless_conn_104'\n          - conn_999", "- conn_1.*"));
            Path out = dir.resolve("new.yaml");

            MigrateCli.Run run = MigrateCli.run("migrate", "--resolve", "-c", input.toString(), "-o", out.toString());

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.out().lines().toList()).containsExactly(
                    "changed   source.sourceConfig.config.pipelineFilterPattern.includes[0]: '^conn_003' -> "
                            + "'^Staging <> sql_server_hva_3$' -- since OpenMetadata 1.6 the Fivetran pipelineFilterPattern"
                            + " matches display names (\"{group name} <> {connector schema}\"), not connector ids",
                    "attention source.sourceConfig.config.pipelineFilterPattern.includes[1]: 'conn_1.*' matches the ids"
                            + " of 100 entities, so no one name replaces it ('Production <> postgres_rds_100', 'Production <>"
                            + " postgres_rds_101', 'Production <> postgres_rds_102', …); rewrite it by hand to match their names"
                            + " -- since OpenMetadata 1.6 the Fivetran pipelineFilterPattern matches display names"
                            + " (\"{group name} <> {connector schema}\"), not connector ids",
                    input + ": 1 change written to " + out + "; 1 item needs your decision (attention above)");
            assertThat(Files.readString(out)).contains("- ^Staging <> sql_server_hva_3$\n").contains("- conn_1.*\n");
        }
    }

    @Test
    void resolveWithRefusedCredentialsExitsThreeWritesNothingAndPrintsNoSecret() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard(), "other_key", "other-secret")) {
            Path input = file("ft.yaml", FIVETRAN.formatted(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET, server.hostPort()));

            MigrateCli.Run run = MigrateCli.run("migrate", "--resolve", "-c", input.toString(), "-o", dir.resolve("new.yaml").toString());

            assertThat(run.code()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
            assertThat(run.err()).startsWith("--resolve: connection failed (authentication): ").endsWith("; nothing was written\n");
            assertThat(run.out() + run.err()).doesNotContain(FivetranFixtures.API_SECRET)
                    .doesNotContain(Base64.getEncoder().encodeToString((FivetranFixtures.API_KEY + ":"
                            + FivetranFixtures.API_SECRET).getBytes()));
            assertThat(files()).containsExactly("ft.yaml");
        }
    }
    // ------------------------------------------------------------------ a fault of migrate's own

    /** A Shelf whose filter-name rule fails as a bug of migrate would, after the file's kind and service are known. */
    public static final class FaultyShelfSpec extends ShelfSpec {
        @Override
        public Optional<RenamedFilterNames> renamedFilterNames() {
            throw new IllegalStateException("overlapping edits near 'shelf-Secret-9'");
        }
    }

    private MigrateCli.Run migrateWithFault(String... args) {
        return MigrateCli.run(plugins -> CapturedCli.runtime(ServiceSpecRegistry.of(new FaultyShelfSpec()), Map.of()),
                args);
    }

    /** A 1.6 Shelf workflow whose password, shelf-Secret-9, the fault's message holds. */
    private Path shelfWithASecret() throws Exception {
        return file("shelf.yaml",
                ShelfWorkflows.toConsole("hostPort: \"shelf:1\", books: [a], password: shelf-Secret-9"));
    }

    @Test
    void aFaultOfMigratesOwnIsOneLineSayingNothingWasWrittenWithTheStackOnlyUnderDebug() throws Exception {
        Path input = shelfWithASecret();
        Path output = dir.resolve("new.yaml");

        MigrateCli.Run run = migrateWithFault("migrate", "-c", input.toString(), "-o", output.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).containsExactly("error: " + input + ": migrate stopped on an internal error"
                + " (IllegalStateException: overlapping edits near '******'); nothing was written. This is a bug of"
                + " metaingest: please report it with the stack trace --debug prints");
        assertThat(files()).containsExactly("shelf.yaml");

        MigrateCli.Run debug = migrateWithFault("migrate", "--debug", "-c", input.toString(), "-o", output.toString());

        assertThat(debug.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(debug.err()).contains("; nothing was written. This is a bug of metaingest: please report it with the stack trace below\n"
                + "java.lang.IllegalStateException: overlapping edits near '******'\n\tat ")
                .doesNotContain("shelf-Secret-9");
        assertThat(files()).containsExactly("shelf.yaml");
    }

    /**
     * An internal error ends migrate with its own code, never with the 1 of {@code --check}'s "changes needed":
     * a fault of the migration's, and one anywhere else in the command (discovery, here).
     */
    @Test
    void anInternalErrorIsNeverTakenForChangesNeeded() throws Exception {
        Path input = shelfWithASecret();
        assertThat(migrateWithFault("migrate", "--check", "-c", input.toString()).code())
                .isEqualTo(ExitCodes.INTERNAL_ERROR);

        MigrateCli.Run run = MigrateCli.run(plugins -> {
            throw new IllegalStateException("discovery broke");
        }, "migrate", "--check", "-c", input.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(run.err()).startsWith("error: ").contains("discovery broke");
    }
}
