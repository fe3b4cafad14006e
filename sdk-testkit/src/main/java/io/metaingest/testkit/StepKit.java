package io.metaingest.testkit;

import static io.metaingest.testkit.ConnectorKit.check;
import static io.metaingest.testkit.ConnectorKit.fail;
import static io.metaingest.testkit.ConnectorKit.notApplicable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Sink;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testkit.canary.Canary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/**
 * The conformance kit for a plugin that brings only steps ({@link StepProvider}: a processor, a sink, a
 * stage and its bulk sink),
 * over records the author gives. Each step runs in a workflow the runtime loads and runs, after a
 * source of the kit's own that emits those records; the checks are reported one test each, like
 * {@link ConnectorKit}'s, their failure messages starting with the check's name in brackets. Return
 * them from a {@code @TestFactory} method:
 *
 * <pre>{@code
 * Stream<DynamicNode> kit() {
 *     return StepKit.of(new AcmeSteps())
 *             .records("acme-tagger", List.of(table("a"), table("b")))
 *             .failing("acme-tagger", tableWithoutColumns())
 *             .config("acme-sink", Map.of("url", server.url(), "apiKey", Canary.TOKEN))
 *             .checks();
 * }
 * }</pre>
 *
 * A step given no records is reported as not applicable. A stage is checked with the provider's bulk
 * sink that loads what it stages (its only one, or the one named with {@link #pair}), over the records
 * given to the stage: the two run together, as in a usage workflow, and each needs the config that
 * makes the bulk sink read where the stage writes ({@link #config}). A bulk sink is checked over its
 * stage's records; {@code failing(bulkSinkType, record)} is staged by that stage and must become a
 * failure of the load, the run going on.
 */
public final class StepKit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StepProvider provider;
    private final Map<String, List<?>> records;
    private final Map<String, Object> failing;
    private final Map<String, Map<String, ?>> configs;
    /** Stage type to the bulk sink type that loads what it stages, as {@link #pair} named them. */
    private final Map<String, String> pairs;

    private StepKit(StepProvider provider, Map<String, List<?>> records, Map<String, Object> failing,
                    Map<String, Map<String, ?>> configs, Map<String, String> pairs) {
        this.provider = provider;
        this.records = records;
        this.failing = failing;
        this.configs = configs;
        this.pairs = pairs;
    }

    /** The kit for the steps of {@code provider} (as the runtime would discover it: a new instance of its class). */
    public static StepKit of(StepProvider provider) {
        if (provider instanceof ServiceSpec) {
            throw new IllegalArgumentException(provider.getClass().getName() + " is a ServiceSpec: test it with ConnectorKit");
        }
        return new StepKit(provider, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** The records to give step {@code stepType} (of the type it accepts), at least one. */
    public StepKit records(String stepType, List<?> given) {
        Map<String, List<?>> copy = new LinkedHashMap<>(records);
        copy.put(stepType, List.copyOf(given));
        return new StepKit(provider, Map.copyOf(copy), failing, configs, pairs);
    }

    /** A record step {@code stepType} cannot process or write: it must become that record's failure, the run going on. */
    public StepKit failing(String stepType, Object record) {
        Map<String, Object> copy = new LinkedHashMap<>(failing);
        copy.put(stepType, record);
        return new StepKit(provider, records, Map.copyOf(copy), configs, pairs);
    }

    /** The {@code config} of step {@code stepType} in the kit's workflows (default: empty). */
    public StepKit config(String stepType, Map<String, ?> config) {
        Map<String, Map<String, ?>> copy = new LinkedHashMap<>(configs);
        copy.put(stepType, Map.copyOf(config));
        return new StepKit(provider, records, failing, Map.copyOf(copy), pairs);
    }

    /**
     * The bulk sink {@code bulkSinkType} loads what stage {@code stageType} stages; needed only when the
     * provider declares more than one bulk sink or stage.
     */
    public StepKit pair(String stageType, String bulkSinkType) {
        Map<String, String> copy = new LinkedHashMap<>(pairs);
        copy.put(stageType, bulkSinkType);
        return new StepKit(provider, records, failing, configs, Map.copyOf(copy));
    }

    /** Every check, one dynamic test each; return it from a {@code @TestFactory}. */
    public Stream<DynamicNode> checks() {
        Runs runs = new Runs();
        List<DynamicNode> checks = new ArrayList<>();
        checks.add(check("provider: discoverable from its jar (marker resource, public no-argument constructor)",
                this::discoverable, UnaryOperator.identity()));
        for (StepSpec<?> step : provider.steps()) {
            String who = step.role().key() + " '" + step.type() + "'";
            List<?> given = records.get(step.type());
            if (step.role() == StepSpec.Role.STAGE || step.role() == StepSpec.Role.BULK_SINK) {
                twoPhaseChecks(step, runs, checks);
            } else if (step.role() != StepSpec.Role.PROCESSOR && step.role() != StepSpec.Role.SINK) {
                checks.add(notApplicable(who + ": checks", "the kit checks processors, sinks, stages and bulk sinks only"));
            } else if (given == null || given.isEmpty()) {
                checks.add(notApplicable(who + ": checks", "no records given; give some with records(\"" + step.type()
                        + "\", …)"));
            } else if (step.role() == StepSpec.Role.PROCESSOR) {
                checks.add(check(who + ": gives at least one result for each record, never null or an empty stream",
                        () -> resultPerRecord(step, runs), UnaryOperator.identity()));
                checks.add(check(who + ": emits the output type its class declares",
                        () -> emitsDeclared(step, runs), UnaryOperator.identity()));
            } else {
                checks.add(check(who + ": confirms no more than it was given, and all of it once ended",
                        () -> confirmsWhatItWasGiven(step, runs), UnaryOperator.identity()));
            }
            if (given != null && !given.isEmpty() && (step.role() == StepSpec.Role.PROCESSOR || step.role() == StepSpec.Role.SINK)) {
                checks.add(failing.containsKey(step.type())
                        ? check(who + ": a record it cannot handle becomes that record's failure and the run goes on",
                                () -> failingRecordFails(step, runs), UnaryOperator.identity())
                        : notApplicable(who + ": a record it cannot handle becomes that record's failure",
                                "no failing record given; give one with failing(\"" + step.type() + "\", record)"));
            }
        }
        checks.add(check("secrets: no secret of a step's config in any run's console, output, logs or report",
                () -> noSecretLeaks(runs), UnaryOperator.identity()));
        return checks.stream();
    }

    // ---------------------------------------------------------------- two-phase steps

    /** The checks of a stage or a bulk sink, run with its partner over the stage's records. */
    private void twoPhaseChecks(StepSpec<?> step, Runs runs, List<DynamicNode> checks) {
        String who = (step.role() == StepSpec.Role.STAGE ? "stage" : "bulk sink") + " '" + step.type() + "'";
        Optional<StepSpec<?>> partner = partner(step);
        if (partner.isEmpty()) {
            checks.add(notApplicable(who + ": checks", step.role() == StepSpec.Role.STAGE
                    ? "no bulk sink of the provider loads what it stages; name one with pair(\"" + step.type() + "\", …)"
                    : "no stage of the provider stages what it loads; name one with pair(…, \"" + step.type() + "\")"));
            return;
        }
        StepSpec<?> stage = step.role() == StepSpec.Role.STAGE ? step : partner.get();
        StepSpec<?> bulk = step.role() == StepSpec.Role.BULK_SINK ? step : partner.get();
        List<?> given = records.get(stage.type());
        if (given == null || given.isEmpty()) {
            checks.add(notApplicable(who + ": checks", "no records given to stage '" + stage.type() + "'; give some with"
                    + " records(\"" + stage.type() + "\", …)"));
            return;
        }
        if (step == stage) {
            checks.add(check(who + ": stages every record it is given, and bulk sink '" + bulk.type() + "' loads what it"
                    + " staged", () -> stagesWhatItIsGiven(stage, bulk, runs), UnaryOperator.identity()));
        } else {
            checks.add(check(who + ": reports the results of its load, each record stage '" + stage.type() + "' staged"
                    + " loaded or failed", () -> loadsWhatWasStaged(stage, bulk, runs), UnaryOperator.identity()));
        }
        checks.add(failing.containsKey(step.type())
                ? check(who + ": a record it cannot handle becomes that record's failure and the run goes on",
                        () -> twoPhaseFailingRecordFails(step, stage, bulk, runs), UnaryOperator.identity())
                : notApplicable(who + ": a record it cannot handle becomes that record's failure",
                        "no failing record given; give one with failing(\"" + step.type() + "\", record)"));
    }

    /** The bulk sink of a stage, or the stage of a bulk sink: as paired, else the provider's only one. */
    private Optional<StepSpec<?>> partner(StepSpec<?> step) {
        List<StepSpec<?>> steps = provider.steps();
        if (step.role() == StepSpec.Role.STAGE) {
            String paired = pairs.get(step.type());
            List<StepSpec<?>> bulks = steps.stream().filter(s -> s.role() == StepSpec.Role.BULK_SINK)
                    .filter(s -> paired == null || s.type().equals(paired)).toList();
            return bulks.size() == 1 ? Optional.of(bulks.get(0)) : Optional.empty();
        }
        List<StepSpec<?>> stages = steps.stream().filter(s -> s.role() == StepSpec.Role.STAGE)
                .filter(s -> pairs.isEmpty() ? true : step.type().equals(pairs.get(s.type()))).toList();
        return stages.size() == 1 ? Optional.of(stages.get(0)) : Optional.empty();
    }

    /** The two-phase run over the stage's records: the stage stages them all, and the bulk sink loads from them. */
    private void stagesWhatItIsGiven(StepSpec<?> stage, StepSpec<?> bulk, Runs runs) throws Exception {
        String who = "stage '" + stage.type() + "' (" + stage.stepClass().getName() + ")";
        List<?> given = records.get(stage.type());
        Ran ran = runs.run(stage.type() + "+" + bulk.type(), twoPhase(stage, bulk, given));
        List<String> problems = new ArrayList<>();
        if (ran.result.fatalError() != null) {
            problems.add("the run with " + who + " and bulk sink '" + bulk.type() + "' failed: " + ran.result.fatalError());
            fail(problems);
        }
        StepSummary staged = ran.step(1);
        StepSummary loaded = ran.step(2);
        staged.failures().stream().limit(3).forEach(f -> problems.add(who + " failed on " + f.name() + ": " + f.error()
                + "; it was given only the records of records(\"" + stage.type() + "\", …)"));
        if (staged.errors() == 0 && staged.records() + staged.filtered() != given.size()) {
            problems.add(who + " reports " + staged.records() + " of the " + given.size() + " records given as staged and"
                    + " none as failed or filtered: count each record it stages once");
        }
        // A run that failed moves what its bulk sink wrote to discarded: loaded all the same.
        long results = loaded.records() + loaded.updatedRecords() + loaded.discarded() + loaded.errors() + loaded.filtered();
        if (staged.records() > 0 && results == 0) {
            problems.add("bulk sink '" + bulk.type() + "' loaded nothing of the " + staged.records() + " records " + who
                    + " staged: the stage must write where the bulk sink reads (give both the same place with"
                    + " config(\"" + stage.type() + "\", …) and config(\"" + bulk.type() + "\", …))");
        }
        fail(problems);
    }

    /**
     * The bulk sink's load in the two-phase run over its stage's records: it fails none of them, and
     * returns results the run counts (an empty stream after records were staged loads nothing, or
     * loads without telling the report).
     */
    private void loadsWhatWasStaged(StepSpec<?> stage, StepSpec<?> bulk, Runs runs) throws Exception {
        String who = "bulk sink '" + bulk.type() + "' (" + bulk.stepClass().getName() + ")";
        List<?> given = records.get(stage.type());
        Ran ran = runs.run(stage.type() + "+" + bulk.type(), twoPhase(stage, bulk, given));
        List<String> problems = new ArrayList<>();
        if (ran.result.fatalError() != null) {
            problems.add("the run with stage '" + stage.type() + "' and " + who + " failed: " + ran.result.fatalError());
            fail(problems);
        }
        StepSummary staged = ran.step(1);
        StepSummary loaded = ran.step(2);
        loaded.failures().stream().limit(3).forEach(f -> problems.add(who + " failed to load " + f.name() + ": "
                + f.error() + "; it was given only the records of records(\"" + stage.type() + "\", …)"));
        // A run that failed moves what its bulk sink wrote to discarded: loaded all the same.
        long results = loaded.records() + loaded.updatedRecords() + loaded.discarded() + loaded.errors() + loaded.filtered();
        if (staged.records() > 0 && results == 0) {
            problems.add(who + " returned no result for the " + staged.records() + " records stage '" + stage.type()
                    + "' staged: return Result.ok(loaded) for each entity it loads (the run counts them), and"
                    + " Result.failed(name, error) for each it cannot");
        }
        fail(problems);
    }

    /**
     * The failing record of the stage or the bulk sink, staged before the others: it becomes a failure
     * of that step, counted, and the run (and the load) goes on.
     */
    private void twoPhaseFailingRecordFails(StepSpec<?> step, StepSpec<?> stage, StepSpec<?> bulk, Runs runs)
            throws Exception {
        String who = (step == stage ? "stage" : "bulk sink") + " '" + step.type() + "' (" + step.stepClass().getName() + ")";
        Object bad = failing.get(step.type());
        List<Object> feed = new ArrayList<>();
        feed.add(bad);
        feed.addAll(records.get(stage.type()));
        Ran ran = runs.run(step.type() + "-failing", twoPhase(stage, bulk, feed));
        List<String> problems = new ArrayList<>();
        if (ran.result.fatalError() != null) {
            problems.add(who + " ended the run on a record it cannot handle (" + key(bad) + "): " + ran.result.fatalError()
                    + "; " + (step == bulk ? "return Result.failed(name, error) for it from load() (an exception from"
                    + " load() ends the run)" : "throw an ordinary exception from stage() for it (a ConnectionException or"
                    + " SinkUnavailableException ends the run: only for a service that cannot be used at all)"));
        } else {
            StepSummary summary = ran.step(step == stage ? 1 : 2);
            if (summary.errors() == 0) {
                problems.add(who + " recorded no failure for a record it cannot handle (" + key(bad) + "; "
                        + summary.filtered() + " filtered, " + summary.warnings() + " warnings): " + (step == bulk
                        ? "return Result.failed(name, error) for it from load()" : "throw from stage() for it")
                        + ", so the run counts it against the success threshold");
            } else if (step == bulk && summary.records() + summary.updatedRecords() + summary.discarded() == 0) {
                problems.add(who + " loaded none of the other records once it met one it cannot handle (" + key(bad)
                        + "): fail that record alone and load the rest");
            }
        }
        fail(problems);
    }

    // ---------------------------------------------------------------- checks

    /**
     * The runtime finds a provider in a plugin jar carrying {@value ServiceSpec#MARKER_RESOURCE}, as a
     * public class with a public no-argument constructor (a marker that lists classes must list it).
     */
    private void discoverable() throws Exception {
        Class<?> type = provider.getClass();
        List<String> problems = new ArrayList<>();
        if (!Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass() || type.isLocalClass()
                || (type.isMemberClass() && !Modifier.isStatic(type.getModifiers()))) {
            problems.add(type.getName() + " is not a public top-level or static nested class, so discovery cannot create it;"
                    + " make it public");
        }
        try {
            if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            problems.add(type.getName() + " has no public no-argument constructor; add one");
        }
        Path location;
        try {
            location = PluginFolder.location(type);
        } catch (IllegalStateException e) {
            fail(problems); // where it comes from is unknown: the marker cannot be checked
            return;
        }
        Optional<String> marker = marker(location);
        if (marker.isEmpty()) {
            problems.add(location + " has no " + ServiceSpec.MARKER_RESOURCE + ": discovery skips a jar without it; add the"
                    + " resource (empty, or listing " + type.getName() + ")");
        } else {
            List<String> listed = marker.get().lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
            if (!listed.isEmpty() && !listed.contains(type.getName())) {
                problems.add(ServiceSpec.MARKER_RESOURCE + " in " + location + " lists " + listed + " but not " + type.getName()
                        + "; add it to the list");
            }
        }
        fail(problems);
    }

    /** Each record gets a result the runtime counts (the runtime records null as a failure, an empty stream not at all). */
    private void resultPerRecord(StepSpec<?> step, Runs runs) throws Exception {
        String who = "processor '" + step.type() + "' (" + step.stepClass().getName() + ")";
        Workflow fed = workflow(step, records.get(step.type()));
        ProcessorAccounting accounting;
        try {
            accounting = ProcessorAccounting.of(runs.load(fed));
        } finally {
            KitFeed.forget(fed.feed());
        }
        List<String> problems = new ArrayList<>();
        if (!accounting.silent().isEmpty()) {
            problems.add(who + " returned an empty stream for " + accounting.silent().size() + " of the " + accounting.inputs()
                    + " records (e.g. " + accounting.silent().get(0) + "): the run cannot count them; return"
                    + " Result.filtered(name, reason) for a record it drops or Result.failed(name, error) for one it cannot process ("
                    + io.metaingest.api.Result.NAME_RULE + ")");
        }
        if (!accounting.nulls().isEmpty()) {
            problems.add(who + " returned null for " + accounting.nulls().size() + " of the " + accounting.inputs()
                    + " records (e.g. " + accounting.nulls().get(0) + "): the run records it as their failure; return a"
                    + " stream of at least one Result");
        }
        Ran ran = runs.run(step.type(), workflow(step, records.get(step.type())));
        StepSummary processor = ran.step(1);
        if (ran.result.fatalError() != null) {
            problems.add("the run with " + who + " failed: " + ran.result.fatalError());
        }
        processor.failures().stream().limit(3).forEach(f -> problems.add(who + " failed on " + f.name() + ": " + f.error()
                + "; it was given only the records of records(\"" + step.type() + "\", …)"));
        fail(problems);
    }

    /** What reaches the next step is of the type {@code O} of {@code Processor<I, O>}. */
    private void emitsDeclared(StepSpec<?> step, Runs runs) throws Exception {
        Class<?> declared = ConnectorKit.declaredOutput(step.stepClass());
        Ran ran = runs.run(step.type(), workflow(step, records.get(step.type())));
        Map<String, Integer> foreign = new LinkedHashMap<>();
        for (Object record : ran.collected) {
            if (!declared.isInstance(record)) {
                foreign.merge(record.getClass().getName(), 1, Integer::sum);
            }
        }
        List<String> problems = new ArrayList<>();
        foreign.forEach((type, count) -> problems.add("processor '" + step.type() + "' emitted " + count + " " + type
                + (count == 1 ? " record" : " records") + ", not the " + declared.getSimpleName() + " its class declares"
                + " (Processor<…, " + declared.getSimpleName() + ">); emit what it declares, or declare what it emits"));
        fail(problems);
    }

    /** A sink's confirmed count, driven record by record: never above what it accepted, all of it once ended. */
    private void confirmsWhatItWasGiven(StepSpec<?> step, Runs runs) throws Exception {
        String who = "sink '" + step.type() + "' (" + step.stepClass().getName() + ")";
        List<?> given = records.get(step.type());
        Workflow fed = workflow(step, given);
        LoadedWorkflow workflow;
        try {
            workflow = runs.load(fed);
        } finally {
            KitFeed.forget(fed.feed()); // driven here without its source
        }
        StepConfig<Sink<Object>> declared = workflow.sink().orElseThrow();
        List<String> problems = new ArrayList<>();
        long accepted = 0;
        try (Sink<Object> sink = declared.step().spec().adapt(
                RuntimeAccess.create(RuntimeAccess.injector(workflow), declared.step().spec().stepClass()))) {
            for (Object record : given) {
                try {
                    sink.write(record);
                    accepted++;
                } catch (Exception e) {
                    problems.add(who + " could not write " + key(record) + ": " + io.metaingest.api.StepError.oneLine(e));
                }
                long confirmed = sink.confirmed();
                if (confirmed > accepted) {
                    problems.add(who + " confirmed " + confirmed + " records after accepting " + accepted
                            + ": confirmed() counts only accepted records that reached the destination");
                    break;
                }
            }
            sink.flush();
            sink.complete(true);
            long confirmed = sink.confirmed();
            if (confirmed != -1 && confirmed != accepted) {
                problems.add(who + " confirmed " + confirmed + " of the " + accepted + " records it accepted after flush()"
                        + " and complete(true): flush() must make every accepted record reach the destination and"
                        + " confirmed() count it");
            }
        }
        Ran ran = runs.run(step.type(), workflow(step, given));
        StepSummary sink = ran.step(1);
        if (ran.result.fatalError() != null) {
            problems.add("the run with " + who + " failed: " + ran.result.fatalError());
        } else if (sink.records() + sink.updatedRecords() != given.size()) {
            problems.add("the run with " + who + " reports " + (sink.records() + sink.updatedRecords()) + " of the "
                    + given.size() + " records given as written" + sink.failures().stream().findFirst()
                    .map(f -> " (first failure: " + f.name() + ": " + f.error() + ")").orElse(""));
        }
        fail(problems);
    }

    /** The failing record is counted as that step's failure; the others still go through and the run ends normally. */
    private void failingRecordFails(StepSpec<?> step, Runs runs) throws Exception {
        String who = step.role().key() + " '" + step.type() + "' (" + step.stepClass().getName() + ")";
        Object bad = failing.get(step.type());
        List<Object> feed = new ArrayList<>();
        feed.add(bad);
        feed.addAll(records.get(step.type()));
        Ran ran = runs.run(step.type() + "-failing", workflow(step, feed));
        List<String> problems = new ArrayList<>();
        if (ran.result.fatalError() != null) {
            problems.add(who + " ended the run on a record it cannot handle (" + key(bad) + "): " + ran.result.fatalError()
                    + "; return Result.failed(name, error) for it, or throw an ordinary exception (a ConnectionException or"
                    + " SinkUnavailableException ends the run: only for a service that cannot be used at all)");
        } else {
            StepSummary summary = ran.step(1);
            if (summary.errors() == 0) {
                problems.add(who + " recorded no failure for a record it cannot handle (" + key(bad) + "; "
                        + summary.filtered() + " filtered, " + summary.warnings() + " warnings): return"
                        + " Result.failed(name, error) for it, so the run counts it against the success threshold");
            }
        }
        fail(problems);
    }

    private void noSecretLeaks(Runs runs) {
        List<String> problems = new ArrayList<>();
        LogCapture.unchecked().ifPresent(problems::add);
        if (runs.all.isEmpty()) {
            return; // every step was not applicable: nothing ran
        }
        for (Ran ran : runs.all) {
            problems.addAll(SecretLeaks.find(ran.name, ran.printed, ran.secrets));
        }
        fail(problems);
    }

    // ---------------------------------------------------------------- runs

    /** The kit's workflow: its feed source, then {@code step} (a processor into the kit's collecting sink, or the sink). */
    private Workflow workflow(StepSpec<?> step, List<?> feed) {
        String id = KitFeed.feed(feed);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", Map.of("type", KitFeed.SOURCE_TYPE, "serviceName", "kit_feed",
                "serviceConnection", Map.of("config", Map.of("type", KitFeed.SERVICE_TYPE, "feed", id)),
                "sourceConfig", Map.of("config", Map.of("type", "DatabaseMetadata"))));
        Map<String, Object> own = Map.of("type", step.type(), "config", configs.getOrDefault(step.type(), Map.of()));
        if (step.role() == StepSpec.Role.PROCESSOR) {
            root.put("processor", own);
            root.put("sink", Map.of("type", KitFeed.COLLECT_SINK));
        } else {
            root.put("sink", own);
        }
        try {
            return new Workflow(id, step.type(), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Workflow(String feed, String step, String json) {
    }

    /** The kit's two-phase workflow: its feed source, then {@code stage} and {@code bulk}, each with its config. */
    private Workflow twoPhase(StepSpec<?> stage, StepSpec<?> bulk, List<?> feed) {
        String id = KitFeed.feed(feed);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("source", Map.of("type", KitFeed.SOURCE_TYPE, "serviceName", "kit_feed",
                "serviceConnection", Map.of("config", Map.of("type", KitFeed.SERVICE_TYPE, "feed", id)),
                "sourceConfig", Map.of("config", Map.of("type", "DatabaseMetadata"))));
        root.put("stage", Map.of("type", stage.type(), "config", configs.getOrDefault(stage.type(), Map.of())));
        root.put("bulkSink", Map.of("type", bulk.type(), "config", configs.getOrDefault(bulk.type(), Map.of())));
        try {
            return new Workflow(id, stage.type() + "' and '" + bulk.type(), JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One run as the kit saw it. */
    private record Ran(String name, RunResult result, List<Object> collected, Map<String, String> printed,
                       List<String> secrets) {
        StepSummary step(int index) {
            if (result.steps().size() <= index) {
                throw new AssertionError("the run report of the " + name + " run has " + result.steps().size()
                        + " steps" + (result.fatalError() != null ? "; it failed: " + result.fatalError() : ""));
            }
            return result.steps().get(index);
        }
    }

    /** The runtime over the provider and the kit's feed, and every run made, for the secret check. */
    private final class Runs {
        private final List<Ran> all = new ArrayList<>();
        private Metaingest runtime;
        private Path dir;

        private Metaingest runtime() throws IOException {
            if (runtime == null) {
                runtime = RuntimeAccess.runtime(ServiceSpecRegistry.of(new KitFeed.Spec(), provider));
                dir = Files.createTempDirectory("metaingest-stepkit");
                dir.toFile().deleteOnExit(); // emptied after each run: its files are read once
            }
            return runtime;
        }

        LoadedWorkflow load(Workflow workflow) throws Exception {
            Path file = Files.writeString(Files.createTempFile(dir(), "workflow", ".json"), workflow.json());
            try {
                return runtime().load(file);
            } catch (io.metaingest.runtime.config.InvalidConfigException e) {
                KitFeed.forget(workflow.feed());
                throw new AssertionError("the kit's workflow for " + workflow.step() + " does not load: " + e.problems()
                        + "; give the step a config its schema accepts with config(\"" + workflow.step() + "\", …)", e);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private Path dir() throws IOException {
            runtime();
            return dir;
        }

        /** Runs the workflow, capturing what it prints and logs; a run of the same name is made once. */
        Ran run(String name, Workflow workflow) throws Exception {
            Ran made = all.stream().filter(r -> r.name.equals(name)).findFirst().orElse(null);
            if (made != null) {
                KitFeed.forget(workflow.feed());
                return made;
            }
            LoadedWorkflow loaded = load(workflow);
            Path report = Files.createTempFile(dir(), name, ".json");
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            RunResult result;
            PrintedCapture captured = PrintedCapture.start();
            try {
                result = RuntimeAccess.run(runtime(), loaded, report, new PrintStream(console, true, StandardCharsets.UTF_8));
            } finally {
                captured.close();
            }
            Map<String, String> printed = new LinkedHashMap<>();
            printed.put("run report", Files.exists(report) ? Files.readString(report) : "");
            Files.deleteIfExists(report);
            printed.put("console", console.toString(StandardCharsets.UTF_8));
            printed.putAll(captured.places());
            Set<String> secrets = new LinkedHashSet<>(loaded.secrets());
            Canary.all().stream().filter(workflow.json()::contains).forEach(secrets::add);
            Ran ran = new Ran(name, result, KitFeed.collected(workflow.feed()), printed, List.copyOf(secrets));
            KitFeed.forget(workflow.feed());
            all.add(ran);
            return ran;
        }
    }

    /** The contents of the marker resource at {@code location} (a classes folder or a jar); empty when it has none. */
    private static Optional<String> marker(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            Path marker = location.resolve(ServiceSpec.MARKER_RESOURCE);
            return Files.isRegularFile(marker) ? Optional.of(Files.readString(marker)) : Optional.empty();
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(location.toFile())) {
            java.util.jar.JarEntry entry = jar.getJarEntry(ServiceSpec.MARKER_RESOURCE);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** A record's name as the runtime names it in failures. */
    private static String key(Object record) {
        return record instanceof EntityRequest entity ? entity.key() : String.valueOf(record);
    }
}
