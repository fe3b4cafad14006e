package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Proof that the kit checks every {@code *FilterPattern} field of a connector's source config, not
 * only the default ones: stored procedures (a shelf with two, {@code BrokenSpecs.ProcedureShelfSpec}),
 * data models and projects (the gallery of {@code gallery.GallerySpecs}). Each fixture that honours
 * its patterns passes every check; each that ignores one, drops more than it governs, or keeps quiet
 * about a pattern that let nothing through fails the check that says so, and only that one.
 */
class FilterPatternChecksTest {

    private static final String PROCEDURES_HONOURED = "conformance() / filters: storedProcedureFilterPattern excludes are honoured";
    private static final String PROCEDURES_WARN = "conformance() / filters: storedProcedureFilterPattern excluding every name"
            + " warns that it let none through";
    private static final String PROCEDURES_KEEP = "conformance() / filters: storedProcedureFilterPattern excluding every name"
            + " leaves database, databaseSchema, table as they are";
    private static final String PROJECTS_HONOURED = "conformance() / filters: projectFilterPattern excludes are honoured";
    private static final String MODELS_HONOURED = "conformance() / filters: dataModelFilterPattern excludes are honoured";

    @Test
    void aShelfWithStoredProceduresThatHonoursTheirPatternPassesEveryCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(ProcedureShelfKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.skipped()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).as(outcome.describe()).contains(PROCEDURES_HONOURED, PROCEDURES_WARN, PROCEDURES_KEEP,
                "conformance() / filters: schemaFilterPattern excludes are honoured",
                "conformance() / filters: schemaFilterPattern excluding every name leaves database as they are",
                "conformance() / filters: tableFilterPattern excluding every name leaves database, databaseSchema,"
                        + " storedProcedure as they are");
    }

    /** The shared shelf has no stored procedures: the kit says so by name, it does not pass in silence. */
    @Test
    void aFixtureWithoutStoredProceduresReportsTheirPatternNotApplicable() {
        KitLauncher.Outcome outcome = KitLauncher.run(ShelfKitTest.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).as(outcome.describe())
                .contains("conformance() / filters: storedProcedureFilterPattern — not applicable: the fixture has no"
                        + " stored procedures (the metadata run emitted no storedProcedure); give the test endpoint some"
                        + " to check storedProcedureFilterPattern")
                .noneMatch(n -> n.contains("storedProcedureFilterPattern excludes are honoured"))
                // databaseFilterPattern is what excludeEverything() sets alone: the outermost checks are its checks.
                .noneMatch(n -> n.contains("filters: databaseFilterPattern"));
    }

    @Test
    void aStoredProcedurePatternIgnoredFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(IgnoredProcedureFilterKit.class);
        assertThat(outcome.onlyFailure(PROCEDURES_HONOURED)).startsWith("java.lang.AssertionError: [filters:"
                + " storedProcedureFilterPattern excludes are honoured] with {storedProcedureFilterPattern={excludes=[.*]}}"
                + " the filtered-storedProcedureFilterPattern run ended SUCCESS with 7 records, 2 of them storedProcedure"
                + " (e.g. {\"entityType\":\"storedProcedure\"")
                .endsWith("the source must apply storedProcedureFilterPattern");
        // The warning check says nothing more: the check above names the problem once.
        assertThat(outcome.skipped()).containsOnlyKeys(PROCEDURES_WARN);
    }

    @Test
    void aStoredProcedurePatternThatDropsTablesTooFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(GreedyProcedureFilterKit.class);
        assertThat(outcome.onlyFailure(PROCEDURES_KEEP)).isEqualTo("java.lang.AssertionError: [filters:"
                + " storedProcedureFilterPattern excluding every name leaves database, databaseSchema, table as they are]"
                + " with {storedProcedureFilterPattern={excludes=[.*]}} the source also dropped 3 entities"
                + " storedProcedureFilterPattern does not govern: table shelf_svc.shelf.main.\"sense.and.sensibility\","
                + " table shelf_svc.shelf.main.emma, table shelf_svc.shelf.main.persuasion;"
                + " storedProcedureFilterPattern drops storedProcedure only, and must leave database, databaseSchema,"
                + " table as they are");
    }

    @Test
    void aStoredProcedurePatternThatLetsNoneThroughWithoutSayingSoFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(QuietProcedureFilterKit.class);
        assertThat(outcome.onlyFailure(PROCEDURES_WARN)).contains("the source let nothing through but gave no warning"
                + " 'source.sourceConfig.config.storedProcedureFilterPattern: let none of the N … through'");
    }

    @Test
    void aDashboardConnectorThatHonoursEveryPatternPassesEveryCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(GalleryKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.skipped()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).as(outcome.describe()).contains(PROJECTS_HONOURED, MODELS_HONOURED,
                "conformance() / filters: projectFilterPattern excluding every name warns that it let none through",
                "conformance() / filters: projectFilterPattern excluding every name leaves dashboard without a project"
                        + " as they are",
                "conformance() / filters: dataModelFilterPattern excluding every name warns that it let none through",
                "conformance() / filters: dataModelFilterPattern excluding every name leaves chart, dashboard as they are",
                "conformance() / filters: chartFilterPattern excluding every name leaves dashboard, dashboardDataModel"
                        + " as they are",
                "conformance() / filters: dashboardFilterPattern excludes are honoured",
                "conformance() / filters: dashboardFilterPattern excluding every name warns that it let none through");
    }

    @Test
    void aProjectPatternIgnoredFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(IgnoredProjectFilterKit.class);
        assertThat(outcome.onlyFailure(PROJECTS_HONOURED)).contains("with {projectFilterPattern={excludes=[.*]}} the"
                        + " filtered-projectFilterPattern run ended SUCCESS with 13 records, 3 of them dashboard in a project",
                "the source must apply projectFilterPattern");
    }

    @Test
    void aDataModelPatternIgnoredFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(IgnoredDataModelFilterKit.class);
        assertThat(outcome.onlyFailure(MODELS_HONOURED)).contains("4 of them dashboardDataModel",
                "the source must apply dataModelFilterPattern");
    }

    /**
     * Every {@code *FilterPattern} of every metadata source config of sdk-api is in the kit's table: a
     * pattern added to a config without its row would fail every connector of that config until its
     * author re-scoped it.
     */
    @Test
    void theKitsTableKnowsEveryPatternOfTheMetadataSourceConfigs() {
        for (io.metaingest.api.config.SourceConfigType type : io.metaingest.api.config.SourceConfigType.values()) {
            if (type.kind() != WorkflowKind.METADATA) {
                continue;
            }
            java.util.Arrays.stream(type.recordType().getRecordComponents()).map(java.lang.reflect.RecordComponent::getName)
                    .filter(n -> n.endsWith("FilterPattern"))
                    .forEach(n -> assertThat(FilterScopes.of(n)).as(type.typeName() + "." + n).isPresent());
        }
    }

    /** The table names what each of OpenMetadata's patterns governs; an author's types re-scope a field. */
    @Test
    void theKitsTableNamesWhatEachOpenMetadataPatternGoverns() {
        assertThat(FilterScopes.of("storedProcedureFilterPattern")).hasValueSatisfying(s -> {
            assertThat(s.drops()).containsExactly("storedProcedure");
            assertThat(s.kept()).containsExactlyInAnyOrder("database", "databaseSchema", "table");
        });
        assertThat(FilterScopes.of("dataModelFilterPattern")).hasValueSatisfying(s ->
                assertThat(s.drops()).containsExactly("dashboardDataModel"));
        assertThat(FilterScopes.of("projectFilterPattern")).hasValueSatisfying(s -> assertThat(s.projectOnly()).isTrue());
        assertThat(FilterScopes.of("noSuchFilterPattern")).isEmpty();
        assertThat(FilterScopes.resolve("noSuchFilterPattern", Set.of("table"))).hasValueSatisfying(s ->
                assertThat(s.drops()).containsExactly("table"));
        assertThat(FilterScopes.resolve("tableFilterPattern", Set.of("table", "storedProcedure"))).hasValueSatisfying(s ->
                assertThat(s.kept()).containsExactlyInAnyOrder("database", "databaseSchema"));
    }

    static class ProcedureShelfKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "ProcedureShelf"; }
    }

    static class IgnoredProcedureFilterKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "IgnoredProcedureFilter"; }
    }

    static class GreedyProcedureFilterKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "GreedyProcedureFilter"; }
    }

    static class QuietProcedureFilterKit extends BrokenConnectorsTest.BrokenKit {
        @Override protected String serviceType() { return "QuietProcedureFilter"; }
    }

    /** The gallery's kit: its metadata workflow, filters only. */
    static class GalleryKit extends io.metaingest.testkit.ConnectorKit {
        @Override protected String serviceType() { return "Gallery"; }

        @Override protected Set<Capability> capabilities() { return EnumSet.of(Capability.FILTER_PATTERNS); }

        @Override
        protected Map<WorkflowKind, String> workflows() {
            return Map.of(WorkflowKind.METADATA, """
                    source:
                      type: %s
                      serviceName: gallery_svc
                      serviceConnection:
                        config: {type: %s, hostPort: "gallery:1"}
                      sourceConfig:
                        config: {type: DashboardMetadata}
                    sink: {type: console}
                    """.formatted(serviceType().toLowerCase(java.util.Locale.ROOT), serviceType()));
        }

        /** The gallery's classes sit beside the broken shelves, which need the shared shelf's module. */
        @Override
        protected List<Path> runtimeClasspath() {
            return List.of(PluginFolder.location(ShelfSpec.class));
        }
    }

    static class IgnoredProjectFilterKit extends GalleryKit {
        @Override protected String serviceType() { return "IgnoredProjectFilter"; }
    }

    static class IgnoredDataModelFilterKit extends GalleryKit {
        @Override protected String serviceType() { return "IgnoredDataModelFilter"; }
    }
}
