package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.shelf.ShelfKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a workflow's run fails, the kit says so once, with the run's cause: the checks that need the
 * run's records are skipped with that cause instead of failing with advice that presumes a
 * successful run, and a golden file is never rewritten from such a run.
 */
class FailedRunTest {

    private static final String METADATA = "conformance() / metadata workflow: ";
    private static final String GOLDEN_LINES = """
            {"entityType":"database","entity":{"name":"shelf","service":"shelf_svc"}}
            {"entityType":"databaseSchema","entity":{"name":"main","database":"shelf_svc.shelf"}}
            """;

    @TempDir
    Path dir;

    @Test
    void aFailedRunFailsOneCheckWithItsCauseAndSkipsTheChecksThatNeedItsRecords() throws Exception {
        Path golden = goldenFileWithTwoLines();

        KitLauncher.Outcome outcome = KitLauncher.run(DownShelfKit.class);

        String cause = "connection failed: cannot reach down:1; check source.serviceConnection.config.hostPort";
        assertThat(outcome.onlyFailure(METADATA + "a run emits records"))
                .contains("the metadata run failed: " + cause);
        assertThat(outcome.skipped()).as(outcome.describe()).containsOnlyKeys(
                METADATA + "every record fits its entity's shape",
                METADATA + "every record is an entity its service category emits",
                METADATA + "FQNs are well formed, in the service and unique",
                METADATA + "references to entities of the same service resolve",
                METADATA + "FQNs follow the workflow's serviceName (a run under another name)",
                METADATA + "references into other services have well-formed FQNs",
                METADATA + "two runs give identical records, in the same order",
                METADATA + "status counts agree with the records seen",
                METADATA + "records match the golden file " + golden,
                "conformance() / filters: excludes matching every name are honoured",
                "conformance() / filters: includes matching no name are honoured",
                "conformance() / filters: schemaFilterPattern excludes are honoured",
                "conformance() / filters: tableFilterPattern excludes are honoured",
                "conformance() / filters: excludes matching every name warn that they let none through",
                "conformance() / filters: includes matching no name warn that they let none through",
                "conformance() / filters: schemaFilterPattern excluding every name warns that it let none through",
                "conformance() / filters: tableFilterPattern excluding every name warns that it let none through",
                // Whether the fixture has stored procedures is unknown when the run failed: checked, and skipped.
                "conformance() / filters: storedProcedureFilterPattern excludes are honoured",
                "conformance() / filters: storedProcedureFilterPattern excluding every name warns that it let none through",
                "conformance() / filters: schemaFilterPattern excluding every name leaves database as they are",
                "conformance() / filters: tableFilterPattern excluding every name leaves database, databaseSchema,"
                        + " storedProcedure as they are",
                "conformance() / filters: storedProcedureFilterPattern excluding every name leaves database,"
                        + " databaseSchema, table as they are");
        assertThat(outcome.skipped().values()).allSatisfy(reason ->
                assertThat(reason).isEqualTo("skipped: the metadata run failed: " + cause));
        // What a failed run can still show is checked: leaks, JVM-wide state, secrets in its output.
        assertThat(outcome.passed())
                .contains(METADATA + "leaves no thread, socket, JDBC connection or open file behind",
                        METADATA + "changes no JVM-wide state",
                        "conformance() / secrets: never appear in records, report, console or logs (every run)");
    }

    @Test
    void aGoldenFileIsNotRewrittenFromAFailedRun() throws Exception {
        Path golden = goldenFileWithTwoLines();

        KitLauncher.Outcome outcome = updating(ExplodingShelfKit.class);

        assertThat(golden).hasContent(GOLDEN_LINES);
        assertThat(outcome.failures()).as(outcome.describe())
                .containsEntry(METADATA + "records match the golden file " + golden, "java.lang.AssertionError: [metadata workflow: records match the golden file "
                        + golden + "] " + golden + " was not updated: the metadata run failed: IllegalStateException: shelf server went away;"
                        + " make the run succeed, then update again");
        // The source threw: the author is told how to skip one entity and go on instead.
        assertThat(outcome.failures().get(METADATA + "a run emits records")).endsWith("the metadata run failed:"
                + " IllegalStateException: shelf server went away (0 records written; the checks that need its records"
                + " are skipped); to skip one entity and go on, return Result.failed(name, error) for it instead of"
                + " throwing (a source that throws ends the run)");
    }

    @Test
    void aGoldenFileIsRewrittenFromARunThatSucceeded() throws Exception {
        Path golden = goldenFileWithTwoLines();

        KitLauncher.Outcome outcome = updating(HealthyShelfKit.class);

        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(Files.readAllLines(golden)).hasSize(5)
                .anyMatch(line -> line.contains("\"name\":\"persuasion\""));
    }

    /** Writes {@link #GOLDEN_LINES} into the golden file every kit here compares with, and returns it. */
    private Path goldenFileWithTwoLines() throws IOException {
        Path golden = dir.resolve("metadata.ndjson");
        Files.writeString(golden, GOLDEN_LINES);
        MetadataOnlyKit.golden = golden;
        return golden;
    }

    /** Runs a kit with {@value GoldenFiles#UPDATE_PROPERTY} set, as {@code mvn test -D...=true} does. */
    private static KitLauncher.Outcome updating(Class<?> kit) {
        System.setProperty(GoldenFiles.UPDATE_PROPERTY, "true");
        try {
            return KitLauncher.run(kit);
        } finally {
            System.clearProperty(GoldenFiles.UPDATE_PROPERTY);
        }
    }

    /** The shelf's metadata workflow (nothing else), with its connection fields and a golden file. */
    abstract static class MetadataOnlyKit extends ShelfKit {
        /** The golden file, set by each test before it runs its kit. */
        static Path golden;

        @Override protected String serviceType() { return "MetadataShelf"; }
        @Override protected Set<Capability> capabilities() { return EnumSet.of(Capability.FILTER_PATTERNS); }

        /** The connection fields besides the type, the books and the password. */
        abstract String connection();

        @Override
        protected Map<WorkflowKind, String> workflows() {
            return Map.of(WorkflowKind.METADATA, workflow("MetadataShelf", "metadatashelf", "DatabaseMetadata", connection()));
        }

        @Override protected Optional<Path> goldenFile(WorkflowKind kind) { return Optional.of(golden); }
    }

    /** A host that never answers: the run fails at once. */
    static class DownShelfKit extends MetadataOnlyKit {
        @Override String connection() { return "hostPort: \"down:1\""; }
    }

    /** A stream that throws at the second book, with a golden file to rewrite. */
    static class ExplodingShelfKit extends MetadataOnlyKit {
        @Override String connection() { return "hostPort: \"shelf:1\", explodeAfter: 1"; }
    }

    /** A shelf that reads its three books, with a golden file to rewrite. */
    static class HealthyShelfKit extends MetadataOnlyKit {
        @Override String connection() { return "hostPort: \"shelf:1\""; }
    }
}
