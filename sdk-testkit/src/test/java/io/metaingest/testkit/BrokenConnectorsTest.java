package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.testkit.broken.BrokenSpecs;
import io.metaingest.testkit.shelf.ShelfKit;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Path;
import io.metaingest.api.WorkflowKind;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proof that the kit catches mistakes: each deliberately broken connector is run through the kit
 * with the JUnit Platform launcher, and the kit must fail it with a message naming the problem.
 */
class BrokenConnectorsTest {

    @AfterAll
    static void releaseLeakedThreads() {
        BrokenSpecs.LeakedThreadSpec.RELEASE.countDown();
        BrokenSpecs.LeakedPoolSpec.POOLS.forEach(java.util.concurrent.ExecutorService::shutdownNow);
    }

    @Test
    void theSharedShelfPassesEveryCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(ShelfKitTest.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.skipped()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).as("checks run").hasSizeGreaterThan(20)
                .anyMatch(n -> n.endsWith("connection: the connection record binds every schema property, by name and type"))
                .anyMatch(n -> n.endsWith("connection: the schema marks format: password exactly the fields the record types Secret"))
                .anyMatch(n -> n.contains("usage workflow") && !n.contains("not applicable"))
                .anyMatch(n -> n.endsWith("metadata workflow: its own processor 'shelf-labeller' passes on, filters or"
                        + " fails every record and emits what it declares"))
                .anyMatch(n -> n.endsWith("lineage workflow: its own processor passes on, filters or fails every record"
                        + " and emits what it declares — not applicable: the lineage workflow declares no processor"));
    }

    /**
     * Surefire's console names a failed dynamic test by its position ({@code conformance()[13]}) and
     * shows its message: each check's name says its group and what it checks, no two are alike, and
     * a failure's message starts with the check's name.
     */
    @Test
    void everyCheckIsNamedByItsGroupAndAFailureStartsWithThatName() {
        KitLauncher.Outcome outcome = KitLauncher.run(ShelfKitTest.class);
        assertThat(outcome.passed()).as(outcome.describe()).doesNotHaveDuplicates().allSatisfy(name -> assertThat(name)
                .matches("conformance\\(\\) / (spec|connection|steps|filters|test-connection|report|secrets"
                        + "|(metadata|lineage|usage|profiler|autoClassification|testsuite) workflow)(: | — not applicable: ).+"));
        KitLauncher.Outcome broken = KitLauncher.run(IgnoredTableFilterKit.class);
        assertThat(broken.onlyFailure(
                "conformance() / filters: tableFilterPattern excludes are honoured"))
                .startsWith("java.lang.AssertionError: [filters: tableFilterPattern excludes are honoured] with"
                        + " {tableFilterPattern={excludes=[.*]}}");
    }

    @Test
    void aCapabilityTheConnectorDoesNotDeclareIsReportedNotApplicableWithTheReason() {
        KitLauncher.Outcome outcome = KitLauncher.run(MetadataShelfKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).as("checks run")
                .anyMatch(n -> n.contains("usage workflow — not applicable: capability USAGE is not declared"))
                .anyMatch(n -> n.contains("test-connection") && n.contains("not applicable"));
    }

    @Test
    void noPublicNoArgConstructor() {
        assertFails(NoConstructorKit.class, "conformance", "has no public no-argument constructor");
    }

    /**
     * A kit test whose serviceType() is not the spec's (a typo, a renamed spec) is one failing check that
     * says which service types the class path has and what to change, not an error of the whole test
     * factory without a check's name.
     */
    @Test
    void aServiceTypeNoSpecDeclaresIsOneFailingCheckNamingTheTypesFound() {
        KitLauncher.Outcome outcome = KitLauncher.run(UnknownServiceTypeKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).hasSize(1);
        assertThat(outcome.onlyFailure("conformance() / spec: is discovered exactly once from a plugin folder in an"
                + " isolated class loader"))
                .startsWith("java.lang.AssertionError: [spec: is discovered exactly once from a plugin folder in an isolated"
                        + " class loader] no connector with service type 'Shelfs' on the test class path")
                .endsWith("; did you mean Shelf (io.metaingest.testconnectors.ShelfSpec)? make the kit test's"
                        + " serviceType() return the spec's serviceType()");
    }

    @Test
    void duplicateServiceType() {
        assertFails(DuplicateKit.class, "is discovered exactly once", "duplicate service type 'Duplicate'");
    }

    @Test
    void invalidSchema() {
        assertFails(InvalidSchemaKit.class, "schema is a valid JSON Schema", "is not a valid JSON Schema");
    }

    @Test
    void leakedThread() {
        assertFails(LeakedThreadKit.class, "metadata workflow: leaves no thread", "thread 'shelf-poller'");
    }

    /** An idle pool worker's stack is the JDK's alone: the line says it is an executor's and what fixes it. */
    @Test
    void aThreadPoolNeverShutDownIsNamedWithTheFix() {
        assertFails(LeakedPoolKit.class, "metadata workflow: leaves no thread",
                "-thread-1', an executor's worker (at ");
        assertFails(LeakedPoolKit.class, "metadata workflow: leaves no thread", "): shut down executors in close()");
    }

    /** OpenMetadata refuses a table whose schema does not exist yet: the order of a run is checked, not only its set. */
    @Test
    void aChildEmittedBeforeItsParentFails() {
        assertFails(ChildFirstKit.class, "metadata workflow: references to entities of the same service resolve",
                "table shelf_svc.shelf.main.emma is emitted before its databaseSchema shelf_svc.shelf.main: emit"
                        + " the databaseSchema first (the metadata-rest sink writes records in the order they come");
    }

    /**
     * A run whose FQNs or references already fail is not run again under another service name: the same
     * problems would come back with advice about constants that does not apply.
     */
    @Test
    void theRenamedRunIsSkippedWhenTheFirstRunsRecordsFailAlready() {
        KitLauncher.Outcome outcome = KitLauncher.run(ChildFirstKit.class);
        String renamed = "conformance() / metadata workflow: FQNs follow the workflow's serviceName (a run under another name)";
        assertThat(outcome.failures()).as(outcome.describe()).doesNotContainKey(renamed);
        assertThat(outcome.skipped()).as(outcome.describe()).hasEntrySatisfying(renamed, reason -> assertThat(reason)
                .containsPattern("skipped: the first run's records fail already \\(table shelf_svc\\.shelf\\.main\\.\\S+ is"
                        + " emitted before its databaseSchema shelf_svc\\.shelf\\.main: ")
                .contains("fix that, then this check runs the workflow under another serviceName"));
    }

    /**
     * The metadata-rest sink leaves out an edge whose end the server does not have yet: lineage
     * between the run's own tables must come after them. The edge between another service's tables
     * is no mistake and is not named.
     */
    @Test
    void lineageEmittedBeforeTheTablesItLinksFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(LineageFirstKit.class);
        String check = "conformance() / metadata workflow: references to entities of the same service resolve";
        assertThat(outcome.failures()).as(outcome.describe()).containsKey(check);
        assertThat(outcome.failures().get(check))
                .contains("lineage table:shelf_svc.shelf.main.emma -> table:shelf_svc.shelf.main.",
                        ": its fromEntity table shelf_svc.shelf.main.emma is emitted after the edge: emit lineage after the"
                                + " tables it links (the metadata-rest sink writes records in the order they come",
                        ": its toEntity table shelf_svc.shelf.main.")
                .doesNotContain("warehouse");
    }

    /** Records every one of which a server would refuse are no golden file to keep. */
    @Test
    void aGoldenFileIsNotWrittenFromRecordsEmittedBeforeTheirParents(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        ChildFirstKit.golden = dir.resolve("metadata.ndjson");
        KitLauncher.Outcome outcome;
        System.setProperty(GoldenFiles.UPDATE_PROPERTY, "true");
        try {
            outcome = KitLauncher.run(ChildFirstKit.class);
        } finally {
            System.clearProperty(GoldenFiles.UPDATE_PROPERTY);
            ChildFirstKit.golden = null;
        }
        assertThat(dir.resolve("metadata.ndjson")).doesNotExist();
        assertThat(outcome.failures()).as(outcome.describe()).anySatisfy((test, failure) -> {
            assertThat(test).contains("metadata workflow: records match the golden file");
            assertThat(failure).contains("metadata.ndjson was not updated: the check 'references to entities of the same"
                    + " service resolve' fails on this run's records (table shelf_svc.shelf.main.\"sense.and.sensibility\""
                    + " is emitted before its databaseSchema shelf_svc.shelf.main", "); fix that, then update again");
        });
    }

    /** A record the sink refuses is named with the sink's reason, and the sink as the test's workflow names it. */
    @Test
    void aRecordOfTheWrongTypeIsNamedByTheSinksFailure() {
        assertFails(WrongTypeKit.class, "metadata workflow: status counts agree with the records seen",
                "the source emitted 6 records and 5 were written: the sink failed 1 record(s), first: ");
        assertFails(WrongTypeKit.class, "metadata workflow: status counts agree with the records seen",
                "not an entity: the sink 'console' (which the kit runs as its file sink) accepts EntityRequest records,"
                        + " not String");
    }

    /** The bound is told as people read it, not as Duration.toString ({@code PT1S}). */
    @Test
    void aTesterThatDoesNotFailInTimeIsToldTheBoundInSeconds() {
        KitLauncher.Outcome outcome = KitLauncher.run(HangingTesterKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / test-connection: an unreachable endpoint fails as a connection error in time"))
                .endsWith("test-connection with {hostPort=hang:1} did not fail within 1 s; set connect and read timeouts");
    }

    @Test
    void nondeterministicOutput() {
        assertFails(NondeterministicKit.class, "metadata workflow: two runs give identical records, in the same order",
                "two runs of the metadata workflow differ");
    }

    /**
     * The metadata-rest sink writes records in the order they come and users diff two runs' NDJSON: the
     * same records in another order fail, naming the first position that differs.
     */
    @Test
    void theSameRecordsInAnotherOrderFail() {
        KitLauncher.Outcome outcome = KitLauncher.run(ShuffledKit.class);
        String check = "conformance() / metadata workflow: two runs give identical records, in the same order";
        assertThat(outcome.failures()).as(outcome.describe()).containsKey(check);
        assertThat(outcome.failures().get(check))
                .containsPattern("two runs of the metadata workflow write the same records in another order: record [3-5]"
                        + " is table shelf_svc\\.shelf\\.main\\.\\S+ in the first run and table shelf_svc\\.shelf\\.main\\.\\S+"
                        + " in the second; emit them in a stable order")
                .doesNotContain("differ (first → second");
    }

    /**
     * OpenMetadata's database sources name a filtered table by its FQN: a bare table name in the
     * report's filtered list cannot tell which table was dropped, and fails with the FQN meant.
     */
    @Test
    void aFilteredEntityNamedByItsBareNameFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(BareNamesKit.class);
        String check = "conformance() / report: every filtered or failed entity is named by its FQN (every run)";
        assertThat(outcome.onlyFailure(check))
                .contains("run's source filtered 'emma', which is not an FQN in service 'shelf_svc': give"
                        + " Result.filtered the entity's fully qualified name (here table shelf_svc.shelf.main.emma), as"
                        + " OpenMetadata's database sources do, so the run report tells which entity it was")
                .contains("run's source filtered 'main', which is not an FQN in service 'shelf_svc'")
                .contains("(here databaseSchema shelf_svc.shelf.main)");
    }

    /** A failure is named as a filtered entity is: by its FQN, else the report cannot tell which entity failed. */
    @Test
    void aFailureNamedByItsBareNameFails() {
        assertFails(BareFailureKit.class, "report: every filtered or failed entity is named by its FQN (every run)",
                "the metadata-1 run's source failed 'persuasion', which is not an FQN in service 'shelf_svc': give"
                        + " Result.failed the entity's fully qualified name, as OpenMetadata's database sources do");
    }

    @Test
    void ignoredFilters() {
        assertFails(IgnoredFiltersKit.class, "filters: excludes matching every name are honoured", "the source must apply its filter patterns");
    }

    @Test
    void aFilterThatHonoursExcludesButIgnoresIncludesFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(IgnoredIncludesKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / filters: includes matching no name are honoured")).contains(
                "with {databaseFilterPattern={includes=[^kit_matches_no_name$]}} the filtered-includes run ended SUCCESS"
                        + " with 5 records, e.g. {\"entityType\":\"database\"",
                "a non-empty includes lets only the names it matches pass");
    }

    /**
     * A connector that ignores its filters and does not declare FILTER_PATTERNS: the kit checks the
     * filter fields its source config offers anyway, and says the declaration is missing.
     */
    @Test
    void ignoredFiltersFailAlsoWhenTheCapabilityIsNotDeclared() {
        KitLauncher.Outcome outcome = KitLauncher.run(UndeclaredIgnoredFiltersKit.class);
        assertThat(outcome.failures()).as(outcome.describe())
                .containsEntry("conformance() / spec: declared capabilities match the spec", "java.lang.AssertionError:"
                        + " [spec: declared capabilities match the spec] the metadata source config has the filter fields"
                        + " [databaseFilterPattern, schemaFilterPattern, storedProcedureFilterPattern, tableFilterPattern] but capabilities() does not"
                        + " declare FILTER_PATTERNS; declare it (the kit checks those filters either way: a user who sets"
                        + " one expects it honoured)")
                .hasEntrySatisfying("conformance() / filters: excludes matching every name are honoured", failure ->
                        assertThat(failure).contains("the source must apply its filter patterns"))
                .hasEntrySatisfying("conformance() / filters: tableFilterPattern excludes are honoured", failure ->
                        assertThat(failure).contains("the source must apply tableFilterPattern"));
    }

    /** The good shelf without FILTER_PATTERNS declared fails the declaration only: its filters pass. */
    @Test
    void honouredFiltersPassWhenTheCapabilityIsNotDeclaredButTheDeclarationFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(UndeclaredFiltersShelfKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).containsOnlyKeys(
                "conformance() / spec: declared capabilities match the spec");
        assertThat(outcome.passed()).contains("conformance() / filters: excludes matching every name are honoured",
                "conformance() / filters: tableFilterPattern excluding every name warns that it let none through");
    }

    /** A source that filters but never warns that a filter let no name through fails each warning check. */
    @Test
    void aFilterThatLetsNoNameThroughWithoutSayingSoFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(QuietFiltersKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).containsOnlyKeys(
                "conformance() / filters: excludes matching every name warn that they let none through",
                "conformance() / filters: includes matching no name warn that they let none through",
                "conformance() / filters: schemaFilterPattern excluding every name warns that it let none through",
                "conformance() / filters: tableFilterPattern excluding every name warns that it let none through");
        assertThat(outcome.failures().get(
                "conformance() / filters: tableFilterPattern excluding every name warns that it let none through"))
                .isEqualTo("java.lang.AssertionError: [filters: tableFilterPattern excluding every name warns that it"
                        + " let none through] with {tableFilterPattern={excludes=[.*]}} the source let nothing through but"
                        + " gave no warning 'source.sourceConfig.config.tableFilterPattern: let none of the N … through'"
                        + " (its warnings: []); apply each filter through AppliedFilter.of(\"tableFilterPattern\", …,"
                        + " config.tableFilterPattern()) and end the source's stream with its noneLetThrough(), or a user"
                        + " whose pattern has a typo sees a successful run with nothing ingested (ask it about each name"
                        + " once: includes() and rejection() count every call)");
    }

    @Test
    void aTableFilterIgnoredWhileTheDatabaseFilterIsHonouredFails() {
        assertFails(IgnoredTableFilterKit.class, "filters: tableFilterPattern excludes are honoured",
                "3 of them table (e.g. {\"entityType\":\"table\"");
        assertFails(IgnoredTableFilterKit.class, "filters: tableFilterPattern excludes are honoured",
                "the source must apply tableFilterPattern");
    }

    @Test
    void aTesterThatFailsAgainstTheEndpointTheRunReadsFails() {
        assertFails(FailingTesterKit.class, "test-connection: the metadata workflow's endpoint passes",
                "test-connection with the metadata workflow's connection failed, though its run succeeds:"
                        + " no shelf at shelf:1");
    }

    @Test
    void aSourceThatNamesAConstantServiceFails() {
        assertFails(ConstantServiceKit.class, "FQNs follow the workflow's serviceName",
                "with serviceName 'shelf_svc_renamed' instead of 'shelf_svc' (build FQNs from WorkflowContext.serviceName(),"
                        + " never from a constant, or a static cache/field that outlives a run: its records repeat the"
                        + " first run's service 'shelf_svc'):\ndatabase shelf_svc.shelf: does not start with the service"
                        + " name 'shelf_svc_renamed'");
    }

    @Test
    void passwordInToString() {
        assertFails(PasswordInToStringKit.class, "secrets are masked in the connection record's toString",
                "toString shows a secret value");
    }

    @Test
    void aPasswordMarkedSecretButHeldAsAStringIsReported() {
        assertFails(PasswordInToStringKit.class, "the schema marks format: password exactly the fields the record types Secret",
                "password is format: password in /schemas/PasswordInToStringConnection.json but"
                        + " BrokenSpecs.PlainConnection.password is not a Secret, so toString and JSON show it;"
                        + " type it io.metaingest.api.Secret");
    }

    @Test
    void aSecretComponentTheSchemaDoesNotMarkFailsOnceNamingTheFieldAndTheFix() {
        KitLauncher.Outcome outcome = KitLauncher.run(UnmarkedSecretKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / connection: the schema marks format: password exactly the fields the record types Secret"))
                .isEqualTo("java.lang.AssertionError: [connection: the schema marks format: password exactly the"
                        + " fields the record types Secret] password is a Secret in"
                        + " ShelfConnection but the connection schema does not mark it format: password; add it");
    }

    @Test
    void aSchemaPropertyTheRecordCallsOtherwiseFailsNamingBothSides() {
        // A workflow's login is ignored and the record's username cannot be set: no other check notices.
        KitLauncher.Outcome outcome = KitLauncher.run(RenamedPropertyKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / connection: the connection record binds every schema property, by name and type"))
                .isEqualTo("java.lang.AssertionError: [connection: the connection record"
                        + " binds every schema property, by name and type] login is a property of /schemas/RenamedPropertyConnection.json that ShelfConnection does not bind,"
                        + " so a workflow's value is ignored; name a component login (or annotate one @JsonProperty(\"login\")),"
                        + " or remove the property (ShelfConnection has username, which the schema does not declare)\n"
                        + "ShelfConnection.username is not declared in /schemas/RenamedPropertyConnection.json, so no workflow can"
                        + " set it; declare username there, give the component the schema's name (or @JsonProperty), or mark it"
                        + " @JsonIgnore");
    }

    @Test
    void aFilteredRunThatFailsIsReportedWithItsCause() {
        assertFails(FilterCrashKit.class, "filters: excludes matching every name are honoured",
                "with {databaseFilterPattern={excludes=[.*]}} the metadata run failed: IllegalStateException: no database"
                        + " left to read (without the filters it succeeds); a source must end normally when it filters"
                        + " everything out");
    }

    @Test
    void secretInRecords() {
        assertFails(SecretInRecordsKit.class, "secrets: never appear in records, report, console or logs",
                "a secret");
    }

    /**
     * A library on the test class path but not in the plugin (a dependency in provided scope): the fix names the
     * author's artifact, not the kit's temporary plugin folder, which is named after the service type.
     */
    @Test
    void aLibraryMissingFromThePluginIsToldByTheAuthorsArtifact() {
        KitLauncher.Outcome outcome = KitLauncher.run(MissingLibraryKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).hasEntrySatisfying(
                "conformance() / metadata workflow: a run emits records", failure -> assertThat(failure)
                        .contains("the metadata run failed: org.yaml.snakeyaml.Yaml is not in the plugin's jar folder (artifact sdk-testkit); add the"
                                + " jar that holds it to the plugin's folder, or change its Maven scope to compile or runtime")
                        .doesNotContain("plugin missinglibrary"));
    }

    /** Once per form (the shelf's key is its own URL encoding), naming the stream and its line, the key masked. */
    @Test
    void aSecretPrintedToStandardErrorIsReportedOnceWithTheStreamAndTheMaskedLine() {
        KitLauncher.Outcome outcome = KitLauncher.run(SecretOnStderrKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).containsKey(
                "conformance() / secrets: never appear in records, report, console or logs (every run)");
        String failure = outcome.failures().get(
                "conformance() / secrets: never appear in records, report, console or logs (every run)");
        assertThat(failure).contains("the metadata-1 run: a secret (as is) appears in its standard error, first:"
                + " 'shelf: opening with key <the secret> now'")
                .doesNotContain("URL-encoded").doesNotContain(ShelfKit.PASSWORD)
                .endsWith("\nkeep secret values out of what the connector logs, prints, emits, returns and throws: name the"
                        + " setting instead, and pass a secret as io.metaingest.api.Secret (its toString is masked) until"
                        + " the call that sends it reveals it");
        assertThat(failure.split("the metadata-1 run: ", -1)).as("one problem for that run").hasSize(2);
    }

    @Test
    void aFileTheSourceOpensAndNeverClosesFailsNamingTheFileAndTheFix() {
        assertFails(UnclosedFileKit.class, "metadata workflow: leaves no thread",
                "1 file(s) opened during the run and still open (" + System.getProperty("java.io.tmpdir"));
        assertFails(UnclosedFileKit.class, "metadata workflow: leaves no thread",
                ".txt): close each file the connector opens where it is done with it (try-with-resources), or in its close()");
    }

    /** A tester's output is checked as a run's is: every workflow run is clean, the connection tests are not. */
    @Test
    void aSecretTheConnectionTesterLogsPrintsOrTellsFailsNamingEachConnectionTest() {
        KitLauncher.Outcome outcome = KitLauncher.run(TellingTesterKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / secrets: never appear in records, report, console or logs (every run)"))
                .contains("test-connection with the unreachable endpoint: a secret (as is) appears in its standard"
                        + " output, standard error, logs, first: '…broken.BrokenSpecs$TellingTester -- shelf: testing"
                        + " with key <the secret>'")
                .contains("test-connection with the metadata workflow's connection: a secret (as is) appears in its"
                        + " standard output, standard error, logs, first: '")
                .doesNotContain(" run: ").doesNotContain(ShelfKit.PASSWORD);
    }

    @Test
    void aSecretLeakedOnlyInTheLineageWorkflowsRecordsFailsNamingThatRun() {
        KitLauncher.Outcome outcome = KitLauncher.run(LineageSecretKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / secrets: never appear in records, report, console or logs (every run)"))
                .contains("the lineage-1 run: a record carries a secret (masked as ******): lineage table:shelf_svc.shelf.main.")
                .doesNotContain("metadata");
    }

    @Test
    void schemaDefaultNotApplied() {
        assertFails(IgnoredDefaultKit.class, "the connection record applies the schema's defaults",
                "Connection does not apply the default of /schemas/IgnoredDefaultConnection.json: books: schema says"
                        + " [\"atlas\"], record gives");
    }

    @Test
    void defaultTimeZoneChange() {
        TimeZone before = TimeZone.getDefault();
        assertFails(TimeZoneKit.class, "metadata workflow: changes no JVM-wide state",
                "default time zone changed from " + before.getID() + " to Pacific/Chatham");
        assertThat(TimeZone.getDefault()).as("the kit puts the time zone back").isEqualTo(before);
    }

    /**
     * Constructors that change process-wide settings every time: the step check builds the steps
     * first, and had it left the change in place, every run after it would see no change (and the
     * tests after the kit would run in Tokyo).
     */
    @Test
    void aConstructorThatChangesJvmStateEveryTimeFailsTheStepRunAndConnectionChecksAndIsPutBack() {
        TimeZone before = TimeZone.getDefault();
        int jacksonLimit = com.fasterxml.jackson.core.StreamReadConstraints.defaults().getMaxStringLength();
        KitLauncher.Outcome outcome = KitLauncher.run(ConstructorGlobalsKit.class);
        String timeZone = "default time zone changed from " + before.getID() + " to Asia/Tokyo";
        assertThat(outcome.failures()).as(outcome.describe())
                .hasEntrySatisfying("conformance() / steps: every declared step is built by the runtime's injector",
                        failure -> assertThat(failure).contains("building " + BrokenSpecs.ConstructorGlobalsSource.class.getName()
                                + " changed JVM-wide state (the kit put it back): " + timeZone, "system property shelf.cache was set",
                                "Jackson default StreamReadConstraints changed from"))
                .hasEntrySatisfying("conformance() / steps: every declared step is built by the runtime's injector",
                        failure -> assertThat(failure).contains("building " + BrokenSpecs.ConstructorGlobalsTester.class.getName()
                                + " changed JVM-wide state (the kit put it back): system property shelf.tester was set"))
                .hasEntrySatisfying("conformance() / metadata workflow: changes no JVM-wide state",
                        failure -> assertThat(failure).contains(timeZone, "system property shelf.cache was set"))
                .hasEntrySatisfying("conformance() / test-connection: an unreachable endpoint fails as a connection error in time",
                        failure -> assertThat(failure).contains("test-connection changed JVM-wide state (the kit put it back):"
                                + " system property shelf.tester was set"))
                .hasEntrySatisfying("conformance() / test-connection: the metadata workflow's endpoint passes",
                        failure -> assertThat(failure).contains("system property shelf.tester was set"));
        assertThat(TimeZone.getDefault()).as("the kit puts the time zone back").isEqualTo(before);
        assertThat(System.getProperty("shelf.cache")).as("the kit puts the system properties back").isNull();
        assertThat(System.getProperty("shelf.tester")).as("the kit puts the system properties back").isNull();
        assertThat(com.fasterxml.jackson.core.StreamReadConstraints.defaults().getMaxStringLength())
                .as("the kit puts Jackson's defaults back").isEqualTo(jacksonLimit);
    }

    /** A source waiting forever on an interruptible latch: the run ends when interrupted, and the other workflows are checked. */
    @Test
    void aSourceThatBlocksForeverFailsOnceTheRunBoundExpiresNamingWhereItWaitsAndTheOtherChecksGoOn() {
        KitLauncher.Outcome outcome = KitLauncher.run(BlockingKit.class);
        assertThat(outcome.failures()).as(outcome.describe())
                .hasEntrySatisfying("conformance() / metadata workflow: a run emits records", failure -> assertThat(failure)
                        .contains("the metadata-1 run did not end within 2 s (runBound()); its source thread 'kit-run-metadata-1'"
                                + " was at java.util.concurrent.CountDownLatch.await(CountDownLatch.java:")
                        .contains(") ← " + BrokenSpecs.BlockingSource.class.getName() + ".read(BrokenSpecs.java:")
                        .contains("it ended when the kit interrupted it; a source must bound every wait"));
        assertThat(outcome.skipped()).as(outcome.describe())
                .containsKey("conformance() / metadata workflow: two runs give identical records, in the same order");
        assertThat(outcome.passed()).as("the other workflows are checked")
                .contains("conformance() / lineage workflow: a run emits records");
    }

    /** A source that swallows interrupts cannot be stopped: the kit says so, leaves it as a daemon and goes on. */
    @Test
    void aSourceThatIgnoresTheInterruptIsReportedAndLeftRunningAsADaemon() throws InterruptedException {
        KitLauncher.Outcome outcome = KitLauncher.run(StubbornKit.class);
        try {
            assertThat(outcome.failures()).as(outcome.describe())
                    .hasEntrySatisfying("conformance() / metadata workflow: a run emits records", failure -> assertThat(failure)
                            .contains("the metadata-1 run did not end within 2 s (runBound()); its source thread"
                                    + " 'kit-run-metadata-1' was at java.util.concurrent.CountDownLatch.await(CountDownLatch.java:")
                            .contains(") ← " + BrokenSpecs.StubbornSource.class.getName() + ".read(BrokenSpecs.java:")
                            .contains("it ignored the interrupt the kit sent and still ran 2 s later: the kit leaves it running"
                                    + " (a Java thread cannot be stopped; it is a daemon thread, so the JVM can still end)"));
            assertThat(outcome.passed()).contains("conformance() / lineage workflow: a run emits records");
            assertThat(Thread.getAllStackTraces().keySet()).as("the stuck thread is left, as a daemon")
                    .anySatisfy(t -> {
                        assertThat(t.getName()).isEqualTo("kit-run-metadata-1");
                        assertThat(t.isDaemon()).isTrue();
                    });
        } finally {
            BrokenSpecs.StubbornSpec.release();
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("kit-run-metadata-1")) {
                t.interrupt(); // wakes it from its wait to see the release
                t.join(10_000);
                assertThat(t.isAlive()).as("the released source thread ended").isFalse();
            }
        }
    }

    /**
     * A source whose constructor waits forever: the steps check fails once the bound expires, naming
     * the constructor and where it waits, and no run of that source type is started to wait as long.
     * Its timeout fails the test, rather than hang the build, when building is not bounded.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSourceConstructorThatBlocksForeverFailsOnceTheBoundExpiresNamingTheConstructor() {
        KitLauncher.Outcome outcome = KitLauncher.run(BlockingConstructorKit.class);
        String source = BrokenSpecs.BlockingConstructorSource.class.getName();
        String stuck = "the constructor of the metadata source " + source + " did not return within 2 s (runBound()); the"
                + " kit's thread building it 'kit-build-BlockingConstructorSource' was at";
        assertThat(outcome.failures()).as(outcome.describe())
                .hasEntrySatisfying("conformance() / steps: every declared step is built by the runtime's injector",
                        failure -> assertThat(failure)
                                .contains(stuck + " java.util.concurrent.CountDownLatch.await(CountDownLatch.java:")
                                .contains(") ← " + source + ".<init>(BrokenSpecs.java:")
                                .contains("it ended when the kit interrupted it; a constructor must not wait without a bound:"
                                        + " set a connect and read timeout on every connection it opens"))
                .hasEntrySatisfying("conformance() / metadata workflow: a run emits records", failure -> assertThat(failure)
                        .contains("not run, as each run of source type 'blockingconstructor' would wait as long: " + stuck));
        assertThat(outcome.passed()).as("the other workflows are checked")
                .contains("conformance() / lineage workflow: a run emits records");
    }

    /** A processor whose constructor waits forever: reported once, not again for each workflow it could be built in. */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProcessorConstructorThatBlocksForeverFailsTheStepsCheckOnceNamingTheConstructor() {
        KitLauncher.Outcome outcome = KitLauncher.run(BlockingStamperKit.class);
        String stamper = BrokenSpecs.BlockingStamper.class.getName();
        assertThat(outcome.failures()).as(outcome.describe())
                .hasEntrySatisfying("conformance() / steps: every declared step is built by the runtime's injector",
                        failure -> assertThat(failure)
                                .contains("the constructor of processor 'shelf-stamper' (" + stamper + ") did not return"
                                        + " within 2 s (runBound()); the kit's thread building it 'kit-build-BlockingStamper'"
                                        + " was at java.util.concurrent.CountDownLatch.await(CountDownLatch.java:")
                                .contains(") ← " + stamper + ".<init>(BrokenSpecs.java:")
                                .containsOnlyOnce("did not return within"));
    }

    /**
     * A processor that works in the run but waits forever when the kit drives it record by record
     * (its second instance waits for the pool lease its first kept): its check fails once the bound
     * expires, naming the drive and where it waits.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProcessorThatBlocksWhenDrivenRecordByRecordFailsOnceTheBoundExpires() {
        KitLauncher.Outcome outcome = KitLauncher.run(LeakedLeaseKit.class);
        String stamper = BrokenSpecs.LeakedLeaseStamper.class.getName();
        assertThat(outcome.onlyFailure("conformance() / " + STAMPER + " and emits what it declares"))
                .contains("driving processor 'shelf-stamper' (" + stamper + ") record by record with the metadata"
                        + " source's records did not end within 2 s (runBound()); the kit's thread driving it"
                        + " 'kit-drive-metadata-processor' was at java.util.concurrent.Semaphore.acquire(Semaphore.java:")
                .contains(") ← " + stamper + ".process(BrokenSpecs.java:")
                .contains("it ended when the kit interrupted it; a processor and its source must bound every wait");
    }

    /**
     * A processor that waits forever in the run is blamed, not the source; runs without it (the filter
     * checks' source-only runs) are still done, and every failure is named by its check.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProcessorThatHangsInTheRunIsBlamedAndRunsWithoutItGoOn() {
        KitLauncher.Outcome outcome = KitLauncher.run(HangingStamperKit.class);
        String stamper = "processor 'shelf-stamper' (" + BrokenSpecs.HangingStamper.class.getName() + ")";
        assertThat(outcome.onlyFailure("conformance() / " + STAMPER + " and emits what it declares"))
                .startsWith("java.lang.AssertionError: [" + STAMPER)
                .contains("the metadata-processor run did not end within 2 s (runBound()); " + stamper + " was at work:"
                        + " its thread 'kit-run-metadata-processor' was at java.util.concurrent.CountDownLatch.await(")
                .contains(stamper + " must bound every wait")
                .doesNotContain("a source must bound");
        assertThat(outcome.passed()).contains("conformance() / metadata workflow: a run emits records",
                "conformance() / filters: tableFilterPattern excluding every name warns that it let none through");
    }

    @Test
    void aDatabaseConnectorEmittingPipelinesFailsNamingTheRecordAndTheCategory() {
        KitLauncher.Outcome outcome = KitLauncher.run(WrongEntityKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / metadata workflow: every record is an entity its service category emits"))
                .contains("pipeline shelf_svc.p_emma: a DATABASE"
                        + " service emits no pipeline (it emits columnTags, database, databaseSchema, lineage, query, sampleData,"
                        + " storedProcedure, table, tableJoins, tableLifeCycle, tableProfile, tableQuery, usage); emit the entities of the spec's category, or"
                        + " correct its category()\npipeline shelf_svc.p_persuasion: ");
    }

    /** A record emitted twice is reported once, by the uniqueness check: no other check blames another cause. */
    @Test
    void aRecordEmittedTwiceIsReportedOnceByTheUniquenessCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(TwiceKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / metadata workflow: FQNs are well formed, in the service and unique"))
                .isEqualTo("java.lang.AssertionError: [metadata workflow: FQNs are"
                        + " well formed, in the service and unique] 1 entity was emitted more than once: table shelf_svc.shelf.main.emma"
                        + " (2 times); emit each entity once per run (its FQN is its identity)");
    }

    /**
     * A golden file is written only from records every record check passes, and a golden difference such a check
     * explains is not to be regenerated: records emitted twice, records that differ from one run to the next (a
     * timestamp, a random id: the next run would differ from the file again), records that carry a secret.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{2}")
    @org.junit.jupiter.params.provider.MethodSource("recordsNoGoldenFileKeeps")
    void aGoldenFileIsNotWrittenFromRecordsAnotherCheckFailsNorAdvisedToBeRegenerated(Class<?> kit,
            java.util.function.Consumer<Path> goldenOf, String failing, String why,
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path golden = dir.resolve("metadata.ndjson");
        goldenOf.accept(golden);
        String check = "conformance() / metadata workflow: records match the golden file " + golden;
        KitLauncher.Outcome updated;
        System.setProperty(GoldenFiles.UPDATE_PROPERTY, "true");
        try {
            updated = KitLauncher.run(kit);
        } finally {
            System.clearProperty(GoldenFiles.UPDATE_PROPERTY);
        }
        assertThat(golden).doesNotExist();
        assertThat(updated.failures().get(check)).as(updated.describe()).contains(" was not updated: the check '"
                + failing + "' fails on this run's records (" + why, "); fix that, then update again");

        java.nio.file.Files.writeString(golden, "");
        KitLauncher.Outcome compared = KitLauncher.run(kit);
        assertThat(compared.failures().get(check)).as(compared.describe())
                .contains("(expected → actual; the check '" + failing + "' fails on these records: fix that first, do"
                        + " not regenerate)")
                .doesNotContain("regenerate with");
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> recordsNoGoldenFileKeeps() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(TwiceGoldenKit.class,
                        (java.util.function.Consumer<Path>) p -> TwiceGoldenKit.golden = p,
                        "FQNs are well formed, in the service and unique",
                        "1 entity was emitted more than once: table shelf_svc.shelf.main.emma (2 times)"),
                org.junit.jupiter.params.provider.Arguments.of(NondeterministicGoldenKit.class,
                        (java.util.function.Consumer<Path>) p -> NondeterministicGoldenKit.golden = p,
                        "two runs give identical records, in the same order", "two runs of the metadata workflow differ"),
                org.junit.jupiter.params.provider.Arguments.of(SecretInRecordsGoldenKit.class,
                        (java.util.function.Consumer<Path>) p -> SecretInRecordsGoldenKit.golden = p,
                        "secrets: never appear in records, report, console or logs (every run)",
                        "the metadata-1 run: a record carries a secret (masked as ******): "));
    }

    @Test
    void aFormerNameThatRepeatsTheServiceTypeInAnotherCaseIsCalledARepeat() {
        assertFails(FormerSelfKit.class, "spec: service type and former names are well formed and unique",
                "former name 'formerself' repeats the service type or another former name (names compare ignoring case);"
                        + " remove it");
        KitLauncher.Outcome outcome = KitLauncher.run(FormerSelfKit.class);
        assertThat(outcome.failures().values()).noneMatch(f -> f.contains("must match"));
    }

    /** A POM without the build-classpath setting: the cause is reported once, the checks that need the plugin skipped naming it. */
    @Test
    void aMissingRuntimeClassPathListIsReportedOnceAndTheChecksThatNeedThePluginAreSkipped() {
        KitLauncher.Outcome outcome = KitLauncher.run(NoClassPathListKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / spec: is discovered exactly once from a plugin folder in an isolated class loader"))
                .contains("cannot pack the plugin folder: ")
                .contains(PluginFolder.RUNTIME_CLASSPATH_FILE + " is missing", "build-classpath");
        assertThat(outcome.skipped()).as(outcome.describe()).isNotEmpty()
                .containsKey("conformance() / metadata workflow: a run emits records")
                .allSatisfy((check, reason) -> assertThat(reason).startsWith("skipped: the plugin folder could not be"
                        + " packed (reported once, by the first check that needed it): cannot pack the plugin folder: "));
        assertThat(outcome.passed()).as("checks that need no plugin still run")
                .contains("conformance() / connection: schema is a valid JSON Schema");
    }

    /** The source's constructor throws: the metadata run fails, and the tester is still judged (it works). */
    @Test
    void theReachableTestConnectionCheckRunsWhenTheRunFailsForAReasonOfItsOwn() {
        KitLauncher.Outcome outcome = KitLauncher.run(ExplodingConstructorKit.class);
        assertThat(outcome.failures()).as(outcome.describe())
                .hasEntrySatisfying("conformance() / metadata workflow: a run emits records",
                        failure -> assertThat(failure).contains("the shelf's constructor exploded")
                                // The advice for a read() that throws does not apply to a constructor that does.
                                .doesNotContain("Result.failed(name, error)"));
        assertThat(outcome.passed()).contains("conformance() / test-connection: the metadata workflow's endpoint passes");
    }

    @Test
    void requiredStepConfigNotGiven() {
        assertFails(ForgottenStepConfigKit.class, "every declared step is built by the runtime's injector",
                "declared processor 'shelf-labeller' (" + io.metaingest.testconnectors.Labeller.class.getName()
                        + ") is not built by the runtime's injector: in the metadata workflow with an empty config:"
                        + " [processor.config.label: required field is missing (The label.); add it]"
                        + " (give a config its schema accepts in stepConfig(\"shelf-labeller\"))");
    }

    @Test
    void jacksonDefaultsChange() {
        assertFails(JacksonDefaultsKit.class, "metadata workflow: changes no JVM-wide state",
                "Jackson default StreamReadConstraints changed from");
        assertThat(com.fasterxml.jackson.core.StreamReadConstraints.defaults().getMaxStringLength())
                .as("the kit puts Jackson's defaults back").isNotEqualTo(1_234_567);
    }

    @Test
    void sharedLoggerLevelChange() {
        assertFails(LoggerLevelKit.class, "metadata workflow: changes no JVM-wide state",
                "Logback named loggers changed from");
        assertThat(((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.postgresql")).getLevel())
                .as("the kit puts the logger's level back").isNull();
    }

    @Test
    void unbuildableDeclaredStep() {
        assertFails(UnbuildableStepKit.class, "every declared step is built by the runtime's injector",
                "declared processor 'shelf-sorter' (" + BrokenSpecs.ShelfSorter.class.getName()
                        + ") is not built by the runtime's injector: in the metadata workflow: cannot create "
                        + BrokenSpecs.ShelfSorter.class.getName());
    }

    private static final String STAMPER = "metadata workflow: its own processor 'shelf-stamper' passes on, filters or fails every record";

    @Test
    void aProcessorThatThrowsOnEveryRecordFailsNamingTheRecordsAndTheCause() {
        KitLauncher.Outcome outcome = KitLauncher.run(ThrowingStamperKit.class);
        assertThat(outcome.onlyFailure("conformance() / " + STAMPER + " and emits what it declares"))
                .contains("processor 'shelf-stamper' (" + BrokenSpecs.ThrowingStamper.class.getName()
                        + ") failed on shelf_svc.shelf: IllegalStateException: the stamp pad is dry\n")
                .contains("passed on none of the 5 records the source emitted (5 failed, 0 filtered, 0 warnings)");
    }

    @Test
    void aProcessorThatReturnsNullFailsWithTheRuntimesFix() {
        assertFails(NullStamperKit.class, STAMPER, "processor 'shelf-stamper' (" + BrokenSpecs.NullStamper.class.getName()
                + ") failed on shelf_svc.shelf: IllegalStateException: " + BrokenSpecs.NullStamper.class.getName()
                + ".process(record) returned null; return a Stream (Stream.empty() when there is nothing)");
    }

    @Test
    void aProcessorThatDropsEveryRecordSilentlyFailsSayingWhatToReturn() {
        assertFails(SilentStamperKit.class, STAMPER, "processor 'shelf-stamper' ("
                + BrokenSpecs.SilentStamper.class.getName() + ") returned no result for 5 of the 5 records it was given"
                + " (e.g. shelf_svc.shelf, shelf_svc.shelf.main, shelf_svc.shelf.main.emma): it drops them silently;"
                + " return Result.filtered(name, reason) for a record it drops");
    }

    /**
     * A processor that passes most records on, drops one without a word and drops another with a
     * warning: the run's totals look plausible, the record-by-record accounting names the silent one
     * only, as a warning tells the user why nothing came of its record.
     */
    @Test
    void aProcessorThatDropsSomeRecordsSilentlyFailsNamingThem() {
        KitLauncher.Outcome outcome = KitLauncher.run(SloppyStamperKit.class);
        String who = "processor 'shelf-stamper' (" + BrokenSpecs.SloppyStamper.class.getName() + ")";
        assertThat(outcome.onlyFailure("conformance() / " + STAMPER + " and emits what it declares"))
                .isEqualTo("java.lang.AssertionError: [" + STAMPER
                        + " and emits what it declares] " + who + " returned no result for 1 of the 5 records it was given"
                        + " (e.g. shelf_svc.shelf.main.emma): it drops them silently; return Result.filtered(name, reason) for"
                        + " a record it drops (the run counts it as filtered) or Result.failed(name, error) for one it cannot"
                        + " process, never an empty stream (a database, schema, table or stored procedure is named by its"
                        + " fully qualified name)");
    }

    @Test
    void aProcessorThatRecordsAFailureForOneRecordFailsNamingIt() {
        KitLauncher.Outcome outcome = KitLauncher.run(FailingStamperKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).hasSize(1);
        assertThat(outcome.failures().values()).containsExactly("java.lang.AssertionError: [" + STAMPER + " and emits what it declares]"
                + " processor 'shelf-stamper' ("
                + BrokenSpecs.FailingStamper.class.getName() + ") failed on shelf_svc.shelf.main.persuasion:"
                + " no room for a stamp");
    }

    @Test
    void aProcessorWhoseTablesLackColumnsFailsTheShapeCheck() {
        assertFails(HollowStamperKit.class, STAMPER, "processor 'shelf-stamper' (" + BrokenSpecs.HollowStamper.class.getName()
                + ") emitted record table shelf_svc.shelf.main.emma: columns is missing");
    }

    @Test
    void aProcessorThatEmitsNoEntitiesNorItsDeclaredTypeFails() {
        // The runtime's file sink takes OpenMetadata's records only: it refuses each String, naming the fix.
        assertFails(NoteStamperKit.class, STAMPER, "the kit's file sink could not write what processor 'shelf-stamper' ("
                + BrokenSpecs.NoteStamper.class.getName() + ") emitted for stamped shelf_svc.shelf: sink 'file' accepts"
                + " EntityRequest records, not String, which processor 'shelf-stamper' emitted; make processor"
                + " 'shelf-stamper' emit EntityRequest records (its declared output type)");
    }

    @Test
    void aProcessorWhoseOutputTheWorkflowsSinkRefusesFails() {
        assertFails(TextStamperKit.class, STAMPER, "the kit's file sink could not write what processor 'shelf-stamper' ("
                + BrokenSpecs.TextStamper.class.getName() + ") emitted for stamped shelf_svc.shelf: sink 'file' accepts"
                + " EntityRequest records, not String");
    }

    @Test
    void aSecretLeakedOnlyByTheProcessorFailsNamingTheRunWithTheProcessor() {
        KitLauncher.Outcome outcome = KitLauncher.run(TellingStamperKit.class);
        assertThat(outcome.onlyFailure(
                "conformance() / secrets: never appear in records, report, console or logs (every run)"))
                .contains("the metadata-processor run: a record carries a secret (masked as ******)")
                .doesNotContain("metadata-1");
    }

    private static final String CHAIN = "metadata workflow: its processor's records go through its stage and bulk sink"
            + " (source → processor 'shelf-stamper' → stage 'shelf-stage' → bulk sink 'shelf-bulk')";

    /** A connector's own processor, stage and bulk sink that work together pass the chain check. */
    @Test
    void aProcessorStageAndBulkSinkThatWorkTogetherPass() {
        KitLauncher.Outcome outcome = KitLauncher.run(ChainShelfKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).contains("conformance() / " + CHAIN);
    }

    /**
     * A bulk sink that loads nothing of what the stage took (it looks under another name): the
     * source-only and processor runs never reach it, the chain run does.
     */
    @Test
    void aBulkSinkThatLoadsNothingOfWhatTheStageTookFails() {
        KitLauncher.Outcome outcome = KitLauncher.run(ForgetfulBulkKit.class);
        assertThat(outcome.onlyFailure("conformance() / " + CHAIN)).isEqualTo("java.lang.AssertionError: [" + CHAIN + "] bulk sink"
                + " 'shelf-bulk' loaded nothing from the 5 records stage 'shelf-stage' took, and said nothing about it: it"
                + " must read what the stage wrote (the same location in its config) and return a Result for each entity"
                + " it loads");
    }

    private static void assertFails(Class<?> kit, String check, String message) {
        KitLauncher.Outcome outcome = KitLauncher.run(kit);
        assertThat(outcome.failures()).as("failures of " + kit.getSimpleName() + ":\n" + outcome.describe())
                .anySatisfy((test, failure) -> {
                    assertThat(test).contains(check);
                    assertThat(failure).contains(message);
                });
    }

    /**
     * A broken shelf: its spec is in these test classes and extends the shared test connector, whose
     * module output is its library in the plugin folder (never the kit's test class path).
     */
    abstract static class BrokenKit extends ShelfKit {
        /**
         * The run bound of a kit whose connector gets stuck: 2 s, not 1, because the kit looks at the
         * stuck thread once, when the bound ends, and on a busy machine a fresh injector over a fresh
         * plugin class loader can take a second before the step even reaches the wait the test expects.
         */
        static final java.time.Duration STUCK_BOUND = java.time.Duration.ofSeconds(2);

        @Override
        protected List<Path> runtimeClasspath() {
            return List.of(PluginFolder.location(ShelfSpec.class));
        }

        /** A broken shelf offers the metadata and lineage workflows only. */
        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.keySet().retainAll(EnumSet.of(WorkflowKind.METADATA, WorkflowKind.LINEAGE));
            return workflows;
        }

        @Override
        protected Set<Capability> capabilities() {
            return EnumSet.of(Capability.LINEAGE, Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
        }
    }

    static class NoConstructorKit extends BrokenKit {
        @Override protected String serviceType() { return "NoConstructor"; }
    }

    /** The shelf's kit test with a typo in its service type. */
    static class UnknownServiceTypeKit extends ShelfKit {
        @Override protected String serviceType() { return "Shelfs"; }
    }

    static class DuplicateKit extends BrokenKit {
        @Override protected String serviceType() { return "Duplicate"; }
    }

    static class InvalidSchemaKit extends BrokenKit {
        @Override protected String serviceType() { return "InvalidSchema"; }
    }

    static class ChildFirstKit extends BrokenKit {
        static Path golden;

        @Override protected String serviceType() { return "ChildFirst"; }

        @Override
        protected java.util.Optional<Path> goldenFile(WorkflowKind kind) {
            return java.util.Optional.ofNullable(kind == WorkflowKind.METADATA ? golden : null);
        }
    }

    static class LineageFirstKit extends BrokenKit {
        @Override protected String serviceType() { return "LineageFirst"; }
    }

    static class WrongTypeKit extends BrokenKit {
        @Override protected String serviceType() { return "WrongType"; }
    }

    /** The shelf, whose unreachable endpoint never answers, with a bound of one second for its test-connection. */
    static class HangingTesterKit extends ShelfKit {
        @Override protected String serviceType() { return "Shelf"; }
        @Override protected Map<String, Object> unreachableConnection() { return Map.of("hostPort", "hang:1"); }
        @Override protected java.time.Duration connectionFailureBound() { return java.time.Duration.ofSeconds(1); }
    }

    static class LeakedPoolKit extends BrokenKit {
        @Override protected String serviceType() { return "LeakedPool"; }
    }

    static class LeakedThreadKit extends BrokenKit {
        @Override protected String serviceType() { return "LeakedThread"; }
    }

    static class NondeterministicKit extends BrokenKit {
        @Override protected String serviceType() { return "Nondeterministic"; }
    }

    /** The shelf whose records differ at every run, with a golden file. */
    static class NondeterministicGoldenKit extends NondeterministicKit {
        static Path golden;

        @Override
        protected java.util.Optional<Path> goldenFile(WorkflowKind kind) {
            return java.util.Optional.ofNullable(kind == WorkflowKind.METADATA ? golden : null);
        }
    }

    static class ShuffledKit extends BrokenKit {
        @Override protected String serviceType() { return "Shuffled"; }
    }

    static class BareNamesKit extends BrokenKit {
        @Override protected String serviceType() { return "BareNames"; }
    }

    /** The bare-names shelf failing one book, with a threshold the run still passes. */
    static class BareFailureKit extends BrokenKit {
        @Override protected String serviceType() { return "BareNames"; }

        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.put(WorkflowKind.METADATA, ShelfKit.workflow(serviceType(), "barenames", "DatabaseMetadata",
                    "hostPort: \"shelf:1\", failOn: [persuasion]") + "workflowConfig: {successThreshold: 50}\n");
            return workflows;
        }
    }

    static class IgnoredFiltersKit extends BrokenKit {
        @Override protected String serviceType() { return "IgnoredFilters"; }
    }

    /** Ignores its filters, and its kit does not declare FILTER_PATTERNS. */
    static class UndeclaredIgnoredFiltersKit extends BrokenKit {
        @Override protected String serviceType() { return "IgnoredFilters"; }
        @Override protected Set<Capability> capabilities() { return EnumSet.of(Capability.LINEAGE, Capability.TEST_CONNECTION); }
    }

    /** The shelf (which honours its filters) with FILTER_PATTERNS not declared. */
    static class UndeclaredFiltersShelfKit extends MetadataShelfKit {
        @Override protected Set<Capability> capabilities() { return EnumSet.noneOf(Capability.class); }
    }

    static class QuietFiltersKit extends BrokenKit {
        @Override protected String serviceType() { return "QuietFilters"; }
    }

    static class IgnoredIncludesKit extends BrokenKit {
        @Override protected String serviceType() { return "IgnoredIncludes"; }
    }

    static class IgnoredTableFilterKit extends BrokenKit {
        @Override protected String serviceType() { return "IgnoredTableFilter"; }
    }

    static class FailingTesterKit extends BrokenKit {
        @Override protected String serviceType() { return "FailingTester"; }
    }

    static class ConstantServiceKit extends BrokenKit {
        @Override protected String serviceType() { return "ConstantService"; }
    }

    static class PasswordInToStringKit extends BrokenKit {
        @Override protected String serviceType() { return "PasswordInToString"; }
    }

    static class SecretInRecordsKit extends BrokenKit {
        @Override protected String serviceType() { return "SecretInRecords"; }
    }

    static class MissingLibraryKit extends BrokenKit {
        @Override protected String serviceType() { return "MissingLibrary"; }
    }

    static class SecretOnStderrKit extends BrokenKit {
        @Override protected String serviceType() { return "SecretOnStderr"; }
    }

    static class UnclosedFileKit extends BrokenKit {
        @Override protected String serviceType() { return "UnclosedFile"; }
    }

    static class TellingTesterKit extends BrokenKit {
        @Override protected String serviceType() { return "TellingTester"; }
    }

    static class LineageSecretKit extends BrokenKit {
        @Override protected String serviceType() { return "LineageSecret"; }
    }

    static class IgnoredDefaultKit extends BrokenKit {
        @Override protected String serviceType() { return "IgnoredDefault"; }
    }

    static class UnbuildableStepKit extends BrokenKit {
        @Override protected String serviceType() { return "UnbuildableStep"; }
    }

    static class UnmarkedSecretKit extends BrokenKit {
        @Override protected String serviceType() { return "UnmarkedSecret"; }
    }

    static class FilterCrashKit extends BrokenKit {
        @Override protected String serviceType() { return "FilterCrash"; }
    }

    static class RenamedPropertyKit extends BrokenKit {
        @Override protected String serviceType() { return "RenamedProperty"; }
    }

    /** The shelf's metadata-only variant: every other capability undeclared. */
    static class MetadataShelfKit extends ShelfKit {
        @Override protected String serviceType() { return "MetadataShelf"; }

        @Override
        protected Map<WorkflowKind, String> workflows() {
            return Map.of(WorkflowKind.METADATA, super.workflows().get(WorkflowKind.METADATA));
        }

        @Override
        protected Set<Capability> capabilities() {
            return EnumSet.of(Capability.FILTER_PATTERNS);
        }
    }

    /** The shelf itself, but the author forgot the config its labeller's schema requires. */
    static class ForgottenStepConfigKit extends ShelfKit {
        @Override protected String serviceType() { return "Shelf"; }
        @Override protected Map<String, Object> stepConfig(String stepType) { return Map.of(); }
    }

    static class JacksonDefaultsKit extends BrokenKit {
        @Override protected String serviceType() { return "JacksonDefaultsChanger"; }
    }

    static class LoggerLevelKit extends BrokenKit {
        @Override protected String serviceType() { return "LoggerLevelChanger"; }
    }

    static class ConstructorGlobalsKit extends BrokenKit {
        @Override protected String serviceType() { return "ConstructorGlobals"; }
    }

    static class BlockingKit extends BrokenKit {
        @Override protected String serviceType() { return "Blocking"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class BlockingConstructorKit extends BrokenKit {
        @Override protected String serviceType() { return "BlockingConstructor"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class BlockingStamperKit extends StamperKit {
        @Override protected String serviceType() { return "BlockingStamper"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class LeakedLeaseKit extends StamperKit {
        @Override protected String serviceType() { return "LeakedLease"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class HangingStamperKit extends StamperKit {
        @Override protected String serviceType() { return "HangingStamper"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class StubbornKit extends BrokenKit {
        @Override protected String serviceType() { return "Stubborn"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }

    static class WrongEntityKit extends BrokenKit {
        @Override protected String serviceType() { return "WrongEntity"; }
    }

    static class TwiceKit extends BrokenKit {
        @Override protected String serviceType() { return "Twice"; }
    }

    /** The shelf that emits a record twice, with a golden file. */
    static class TwiceGoldenKit extends TwiceKit {
        static Path golden;

        @Override
        protected java.util.Optional<Path> goldenFile(WorkflowKind kind) {
            return java.util.Optional.ofNullable(kind == WorkflowKind.METADATA ? golden : null);
        }
    }

    static class SecretInRecordsGoldenKit extends SecretInRecordsKit {
        static Path golden;

        @Override
        protected java.util.Optional<Path> goldenFile(WorkflowKind kind) {
            return java.util.Optional.ofNullable(kind == WorkflowKind.METADATA ? golden : null);
        }
    }

    static class FormerSelfKit extends BrokenKit {
        @Override protected String serviceType() { return "FormerSelf"; }
    }

    static class ExplodingConstructorKit extends BrokenKit {
        @Override protected String serviceType() { return "ExplodingConstructor"; }
    }

    /** The shelf in a module whose POM does not write the runtime class-path list. */
    static class NoClassPathListKit extends MetadataShelfKit {
        @Override
        protected List<Path> runtimeClasspath() {
            try {
                return PluginFolder.runtimeClasspath(Path.of("target", "no-such-module", "classes"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static class TimeZoneKit extends BrokenKit {
        @Override protected String serviceType() { return "TimeZoneChanger"; }
    }

    /** A broken stamper shelf: its metadata workflow declares the shelf's own processor {@code shelf-stamper}. */
    abstract static class StamperKit extends BrokenKit {
        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.put(WorkflowKind.METADATA, workflows.get(WorkflowKind.METADATA) + "processor: {type: shelf-stamper}\n");
            return workflows;
        }
    }

    static class ThrowingStamperKit extends StamperKit {
        @Override protected String serviceType() { return "ThrowingStamper"; }
    }

    static class NullStamperKit extends StamperKit {
        @Override protected String serviceType() { return "NullStamper"; }
    }

    /** A two-phase shelf: its metadata workflow names its processor, stage and bulk sink. */
    abstract static class TwoPhaseKit extends BrokenKit {
        /** Where the stage leaves what the bulk sink loads. */
        @org.junit.jupiter.api.io.TempDir
        Path twoPhase;

        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.put(WorkflowKind.METADATA, workflows.get(WorkflowKind.METADATA).replace("sink: {type: console}\n", """
                    processor: {type: shelf-stamper}
                    stage: {type: shelf-stage, config: {folder: "%1$s"}}
                    bulkSink: {type: shelf-bulk, config: {folder: "%1$s"}}
                    """.formatted(twoPhase)));
            return workflows;
        }

        @Override
        protected Map<String, Object> stepConfig(String stepType) {
            return stepType.equals("shelf-stamper") ? Map.of() : Map.of("folder", twoPhase.toString());
        }
    }

    static class ChainShelfKit extends TwoPhaseKit {
        @Override protected String serviceType() { return "ChainShelf"; }
    }

    static class ForgetfulBulkKit extends TwoPhaseKit {
        @Override protected String serviceType() { return "ForgetfulBulk"; }
    }

    static class SloppyStamperKit extends StamperKit {
        @Override protected String serviceType() { return "SloppyStamper"; }
    }

    static class SilentStamperKit extends StamperKit {
        @Override protected String serviceType() { return "SilentStamper"; }
    }

    static class FailingStamperKit extends StamperKit {
        @Override protected String serviceType() { return "FailingStamper"; }
    }

    static class HollowStamperKit extends StamperKit {
        @Override protected String serviceType() { return "HollowStamper"; }
    }

    static class NoteStamperKit extends StamperKit {
        @Override protected String serviceType() { return "NoteStamper"; }
    }

    static class TellingStamperKit extends StamperKit {
        @Override protected String serviceType() { return "TellingStamper"; }
    }

    /** Its metadata workflow writes to OpenMetadata, whose metadata-rest sink accepts entities only. */
    static class TextStamperKit extends StamperKit {
        @Override protected String serviceType() { return "TextStamper"; }

        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.put(WorkflowKind.METADATA, workflows.get(WorkflowKind.METADATA).replace("sink: {type: console}", """
                    sink: {type: metadata-rest}
                    workflowConfig:
                      openMetadataServerConfig: {hostPort: "http://localhost:8585/api", authProvider: openmetadata,
                        securityConfig: {jwtToken: "kit-jwt"}}"""));
            return workflows;
        }
    }
}
