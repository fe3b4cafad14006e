package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.StepProvider;
import io.metaingest.testkit.canary.Canary;
import io.metaingest.testkit.steps.KitSteps;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The kit for step-only plugins passes a good one and fails each broken one in the check it breaks, with the fix. */
class StepKitTest {

    private static final List<String> WORDS = List.of("emma", "skip", "persuasion");

    /**
     * The sinks' key: a {@code format: password} field, not a {@link Canary}, as the broken sink logs it and the
     * build's canary scan would then (rightly) fail on its test output.
     */
    private static final String KEY = "tally-k3y-never-shown";

    /** The kit as an author would set it up for a plugin with these steps. */
    static StepKit kit(StepProvider provider) {
        StepKit kit = StepKit.of(provider);
        for (var step : provider.steps()) {
            kit = kit.records(step.type(), WORDS).failing(step.type(), KitSteps.BAD);
            if (step.role() == io.metaingest.api.StepSpec.Role.SINK) {
                kit = kit.config(step.type(), Map.of("apiKey", KEY));
            }
        }
        return kit;
    }

    @TestFactory
    Stream<DynamicNode> aGoodPluginPassesEveryCheck() {
        return kit(new KitSteps.Good()).checks();
    }

    @Test
    void theGoodPluginsChecksAreTheOnesTheKitPromises() {
        KitLauncher.Outcome outcome = KitLauncher.run(GoodKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).containsExactly(
                "kit() / provider: discoverable from its jar (marker resource, public no-argument constructor)",
                "kit() / processor 'kit-upper': gives at least one result for each record, never null or an empty stream",
                "kit() / processor 'kit-upper': emits the output type its class declares",
                "kit() / processor 'kit-upper': a record it cannot handle becomes that record's failure and the run goes on",
                "kit() / sink 'kit-tally': confirms no more than it was given, and all of it once ended",
                "kit() / sink 'kit-tally': a record it cannot handle becomes that record's failure and the run goes on",
                "kit() / secrets: no secret of a step's config in any run's console, output, logs or report");
    }

    @Test
    void aProviderDiscoveryCannotCreateFailsDiscoverability() {
        assertFailsOnly(UndiscoverableKit.class, "provider: discoverable",
                "io.metaingest.testkit.steps.KitSteps$Undiscoverable has no public no-argument constructor; add one",
                "META-INF/metaingest/connector in ", "but not io.metaingest.testkit.steps.KitSteps$Undiscoverable; add it to the list");
    }

    @Test
    void anEmptyStreamFailsTheResultPerRecordCheck() {
        assertFailsOnly(SilentKit.class, "processor 'kit-silent': gives at least one result",
                "processor 'kit-silent' (io.metaingest.testkit.steps.KitSteps$Silent) returned an empty stream for 1 of the 3"
                        + " records (e.g. skip): the run cannot count them; return Result.filtered(name, reason) for a record"
                        + " it drops or Result.failed(name, error) for one it cannot process (a database, schema, table or"
                        + " stored procedure is named by its fully qualified name)");
    }

    @Test
    void nullFailsTheResultPerRecordCheck() {
        assertFailsOnly(NullsKit.class, "processor 'kit-nulls': gives at least one result",
                "processor 'kit-nulls' (io.metaingest.testkit.steps.KitSteps$Nulls) returned null for 1 of the 3 records"
                        + " (e.g. skip): the run records it as their failure; return a stream of at least one Result");
    }

    @Test
    void anUndeclaredOutputTypeFailsTheOutputCheck() {
        assertFailsOnly(LengthsKit.class, "processor 'kit-lengths': emits the output type",
                "processor 'kit-lengths' emitted 3 java.lang.Integer records, not the String its class declares"
                        + " (Processor<…, String>); emit what it declares, or declare what it emits");
    }

    @Test
    void aProcessorThatEndsTheRunOnABadRecordFailsTheFailureCheck() {
        assertFailsOnly(FatalKit.class, "processor 'kit-fatal': a record it cannot handle",
                "processor 'kit-fatal' (io.metaingest.testkit.steps.KitSteps$Fatal) ended the run on a record it cannot"
                        + " handle (!): ", "; return Result.failed(name, error) for it");
    }

    @Test
    void aProcessorThatFiltersABadRecordFailsTheFailureCheck() {
        assertFailsOnly(LenientKit.class, "processor 'kit-lenient': a record it cannot handle",
                "processor 'kit-lenient' (io.metaingest.testkit.steps.KitSteps$Lenient) recorded no failure for a record"
                        + " it cannot handle (!; 1 filtered, 0 warnings): return Result.failed(name, error) for it");
    }

    @Test
    void aSinkConfirmingMoreThanItAcceptedFailsTheConfirmedCheck() {
        assertFailsOnly(BoastfulKit.class, "sink 'kit-boastful': confirms",
                "sink 'kit-boastful' (io.metaingest.testkit.steps.KitSteps$Boastful) confirmed 2 records after accepting 1:"
                        + " confirmed() counts only accepted records that reached the destination");
    }

    @Test
    void aSinkNeverConfirmingItsLastRecordFailsTheConfirmedCheck() {
        assertFailsOnly(LaggardKit.class, "sink 'kit-laggard': confirms",
                "sink 'kit-laggard' (io.metaingest.testkit.steps.KitSteps$Laggard) confirmed 2 of the 3 records it accepted"
                        + " after flush() and complete(true)");
    }

    @Test
    void aSinkThatEndsTheRunOnABadRecordFailsTheFailureCheck() {
        assertFailsOnly(BrittleKit.class, "sink 'kit-brittle': a record it cannot handle",
                "sink 'kit-brittle' (io.metaingest.testkit.steps.KitSteps$Brittle) ended the run on a record it cannot"
                        + " handle (!): ");
    }

    @Test
    void aSecretLoggedByAStepFailsTheSecretCheckWithoutShowingIt() {
        assertFailsOnly(ChattyKit.class, "secrets: ", "a secret (as is) appears in its ", "logs",
                "connecting with key <the secret>");
        assertThat(KitLauncher.run(ChattyKit.class).failures().values()).noneMatch(f -> f.contains(KEY));
    }

    /** A config the step's schema refuses is reported as the kit's workflow not loading, naming the fix. */
    @Test
    void aConfigTheSchemaRefusesNamesTheConfigCall() {
        KitLauncher.Outcome outcome = KitLauncher.run(MisconfiguredKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isNotEmpty().allSatisfy((test, failure) -> {
            assertThat(test).contains("sink 'kit-tally'");
            assertThat(failure).contains("the kit's workflow for kit-tally does not load: ", "sink.config",
                    "; give the step a config its schema accepts with config(\"kit-tally\", …)");
        });
    }

    /** The kit fails exactly one check, whose name contains {@code check}, and its message starts with the name in brackets. */
    /** A stage and its bulk sink get behavioural checks, over the records given to the stage. */
    @Test
    void aGoodStageAndBulkSinkPassTheirChecks() {
        KitLauncher.Outcome outcome = KitLauncher.run(GoodPhasesKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).isEmpty();
        assertThat(outcome.passed()).containsExactly(
                "kit() / provider: discoverable from its jar (marker resource, public no-argument constructor)",
                "kit() / stage 'kit-shelve': stages every record it is given, and bulk sink 'kit-unshelve' loads what it staged",
                "kit() / stage 'kit-shelve': a record it cannot handle becomes that record's failure and the run goes on",
                "kit() / bulk sink 'kit-unshelve': reports the results of its load, each record stage 'kit-shelve' staged"
                        + " loaded or failed",
                "kit() / bulk sink 'kit-unshelve': a record it cannot handle becomes that record's failure and the run goes on",
                "kit() / secrets: no secret of a step's config in any run's console, output, logs or report");
    }

    @Test
    void aStageWritingWhereItsBulkSinkDoesNotReadFailsTheStageCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(MisplacedKit.class);
        assertThat(outcome.failures().get("kit() / stage 'kit-misplaced': stages every record it is given, and bulk sink"
                + " 'kit-reader' loads what it staged")).as(outcome.describe())
                .contains("bulk sink 'kit-reader' loaded nothing of the 3 records stage 'kit-misplaced' ("
                        + KitSteps.Misplaced.class.getName() + ") staged: the stage must write where the bulk sink reads");
    }

    @Test
    void aBulkSinkWhoseLoadThrowsOnOneRecordFailsTheFailureCheck() {
        assertFailsOnly(CrashingKit.class, "bulk sink 'kit-crashing': a record it cannot handle",
                "bulk sink 'kit-crashing' (" + KitSteps.Crashing.class.getName() + ") ended the run on a record it cannot"
                        + " handle (?): ", "; return Result.failed(name, error) for it from load()");
    }

    @Test
    void aBulkSinkReturningNoResultsFailsTheLoadCheck() {
        KitLauncher.Outcome outcome = KitLauncher.run(MuteKit.class);
        assertThat(outcome.failures().get("kit() / bulk sink 'kit-mute': reports the results of its load, each record"
                + " stage 'kit-stager' staged loaded or failed")).as(outcome.describe())
                .contains("bulk sink 'kit-mute' (" + KitSteps.Mute.class.getName() + ") returned no result for the 3"
                        + " records stage 'kit-stager' staged: return Result.ok(loaded) for each entity it loads");
    }

    private static void assertFailsOnly(Class<?> kit, String check, String... message) {
        KitLauncher.Outcome outcome = KitLauncher.run(kit);
        assertThat(outcome.failures()).as(outcome.describe()).hasSize(1);
        Map.Entry<String, String> failure = outcome.failures().entrySet().iterator().next();
        assertThat(failure.getKey()).contains(check);
        assertThat(failure.getValue()).startsWith("java.lang.AssertionError: [" + failure.getKey().replace("kit() / ", "") + "] ")
                .contains(message);
    }

    abstract static class Kit {
        abstract StepProvider provider();

        @TestFactory
        Stream<DynamicNode> kit() {
            return StepKitTest.kit(provider()).checks();
        }
    }

    /** The kit for a stage and its bulk sink: both read and write one temporary file. */
    abstract static class PhasesKit extends Kit {
        @Override
        @TestFactory
        Stream<DynamicNode> kit() {
            String path;
            try {
                path = java.nio.file.Files.createTempDirectory("kit-phases").resolve("staged.txt").toString();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            StepKit kit = StepKit.of(provider());
            for (var step : provider().steps()) {
                kit = kit.config(step.type(), Map.of("path", path));
                kit = step.role() == io.metaingest.api.StepSpec.Role.STAGE
                        ? kit.records(step.type(), WORDS).failing(step.type(), KitSteps.BAD)
                        : kit.failing(step.type(), KitSteps.UNLOADABLE);
            }
            return kit.checks();
        }
    }

    static class GoodPhasesKit extends PhasesKit {
        @Override StepProvider provider() { return new KitSteps.GoodPhases(); }
    }

    static class MisplacedKit extends PhasesKit {
        @Override StepProvider provider() { return new KitSteps.MisplacedProvider(); }
    }

    static class CrashingKit extends PhasesKit {
        @Override StepProvider provider() { return new KitSteps.CrashingProvider(); }
    }

    static class MuteKit extends PhasesKit {
        @Override StepProvider provider() { return new KitSteps.MuteProvider(); }
    }

    static class GoodKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.Good(); }
    }

    static class MisconfiguredKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.Good(); }

        @Override
        @TestFactory
        Stream<DynamicNode> kit() {
            return StepKitTest.kit(provider()).config("kit-tally", Map.of("color", "red")).checks();
        }
    }

    static class UndiscoverableKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.Undiscoverable("x"); }
    }

    static class SilentKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.SilentProvider(); }
    }

    static class NullsKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.NullsProvider(); }
    }

    static class LengthsKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.LengthsProvider(); }
    }

    static class FatalKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.FatalProvider(); }
    }

    static class LenientKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.LenientProvider(); }
    }

    static class BoastfulKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.BoastfulProvider(); }
    }

    static class LaggardKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.LaggardProvider(); }
    }

    static class BrittleKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.BrittleProvider(); }
    }

    static class ChattyKit extends Kit {
        @Override StepProvider provider() { return new KitSteps.ChattyProvider(); }
    }
}
