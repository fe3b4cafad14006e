package io.metaingest.testkit;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.ConnectorSources;
import io.metaingest.runtime.registry.DiscoveryProblem;
import io.metaingest.runtime.registry.RegisteredSpec;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testkit.canary.Canary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit: extend it with one small class in the connector's tests, name the service
 * type and give a workflow per workflow kind that reads the test endpoint. Every check becomes a
 * dynamic test under {@code conformance()}, named by its group and what it checks (e.g. {@code
 * "filters: tableFilterPattern excludes are honoured"}), that fails with the precise cause, its
 * message starting with that name in brackets; a check that does not apply reports "not
 * applicable: <reason>" and passes.
 *
 * <pre>{@code
 * class FivetranKitTest extends ConnectorKit {
 *     protected String serviceType() { return "Fivetran"; }
 *     protected Set<Capability> capabilities() { return EnumSet.of(Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS); }
 *     protected Map<WorkflowKind, String> workflows() {
 *         return Map.of(WorkflowKind.METADATA, """
 *             source:
 *               type: fivetran
 *               serviceName: fivetran_test
 *               serviceConnection: {config: {type: Fivetran, apiKey: k, apiSecret: s, hostPort: "%s"}}
 *               sourceConfig: {config: {type: PipelineMetadata}}
 *             sink: {type: console}
 *             """.formatted(server.hostPort()));
 *     }
 * }
 * }</pre>
 *
 * <p>The kit packs the module (its classes and its libraries, without what the runtime shares) into
 * a temporary {@code plugins/<name>/} folder, discovers it there with the runtime's registry in an
 * isolated class loader, and runs every workflow through that runtime as {@link #workflows()} says:
 * source only, into a file sink of its own; a workflow that names one of the connector's own
 * processors once more with that processor kept; and a workflow with a stage and bulk sink, when the
 * connector ships its processor, stage or bulk sink, once more with all three as written.
 *
 * <p>When a workflow's run fails, the check "a run emits records" fails with the run's cause and the
 * checks that need the run's records are reported skipped with that cause.
 *
 * <p>Filters: whenever the metadata source config has {@code *FilterPattern} fields, the kit runs the
 * metadata workflow with {@link #excludeEverything()} (and with its {@code includes} variant), then
 * with each other {@code *FilterPattern} field alone excluding every name ({@code
 * storedProcedureFilterPattern}, {@code projectFilterPattern}, {@code dataModelFilterPattern}, …):
 * what the field governs (the table of {@code FilterScopes}, OpenMetadata's entity type names, or what
 * {@link #narrowerFilters()} says) must all be gone and counted filtered, the source must warn that
 * the field let none through, and the entities of the kinds it does not govern must be as in the
 * unfiltered run. A field whose kind the fixture lacks is reported "not applicable: the fixture has
 * no …".
 */
public abstract class ConnectorKit {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = Mappers.standard();
    private static final String CONNECTION = ConnectionPath.PREFIX;
    private static final String UNKNOWN_KEY = "kitUnknownKey";
    /** An include pattern no entity's name matches: a plain name, valid in any regular-expression dialect. */
    private static final String MATCHES_NOTHING = "^kit_matches_no_name$";
    /** How long a run that did not end in time is given to end once interrupted. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);
    /** The failures of a step shown, one line each, in a check's message; the rest are counted. */
    private static final int SHOWN_FAILURES = 5;
    /** OpenMetadata's usage stage, which the runtime brings. */
    private static final String RUNTIME_STAGE = "table-usage";
    /** OpenMetadata's usage bulk sink, which the runtime brings. */
    private static final String RUNTIME_BULK_SINK = "metadata-usage";
    private static final java.util.regex.Pattern TYPE_NAME = java.util.regex.Pattern.compile("[A-Z][A-Za-z0-9]*");

    /** The kit's working folder (plugin folder, workflow files, outputs). */
    @TempDir
    Path kitDir;

    private final Map<String, Object> memo = new LinkedHashMap<>();

    /** The name of the check that no run leaks a secret. */
    private static final String SECRETS_CHECK = "secrets: never appear in records, report, console or logs (every run)";

    /** Every run the kit made, in order, for the check that no run leaks a secret. */
    private final List<KitRun> runs = new ArrayList<>();
    /** What each connection test printed, by place, and its secrets: a tester leaks secrets as a source does. */
    private final List<TestedConnection> connectionTests = new ArrayList<>();

    /**
     * Why a run of a source type did not end in time, by source type: the kit starts no other run of
     * it, as each would wait as long.
     */
    private final Map<String, String> hung = new LinkedHashMap<>();

    /**
     * The threads that ignored the kit's interrupt when their bound expired, still running the
     * connector's code: the sockets they open and drop cannot be told from a later run's.
     */
    private final List<Thread> leftRunning = new ArrayList<>();

    /** The canonical service type under test, e.g. {@code "Postgres"}. */
    protected abstract String serviceType();

    /**
     * The workflow (YAML, in OpenMetadata's format) of each workflow kind to check, each reading the
     * connector's test endpoint. Metadata is required; every other kind the spec declares must be
     * given too. The kit runs each with its {@code source} and {@code workflowConfig} as given, but
     * removes {@code processor}, {@code stage} and {@code bulkSink} and replaces {@code sink} with a
     * {@code file} sink in its own folder: the checks judge what the connector's source emits, as it
     * emits it, and a run needs no OpenMetadata server. Every step the connector declares in
     * {@code steps()} must be built by the runtime's injector.
     *
     * <p>A workflow whose {@code processor} is one the connector declares in {@code steps()} (as
     * OpenMetadata's usage workflow names {@code query-parser}, or a processor of the author's own) is
     * run once more with that processor kept, stage and bulk sink still removed and the same
     * {@code file} sink. Its check fails, one line per problem, when the run fails; when the
     * processor records failures (a {@code process} that throws or returns null is recorded by the
     * runtime as a failure of that record, with its message); when a record it was given is not
     * accounted for: the kit also drives the source into the processor record by record, and each
     * input must give at least one result the runtime counts: passed on ({@code Result.ok}),
     * filtered with a reason, failed, or a warning saying why nothing came of it; one that gives an
     * empty stream is dropped silently, as the run's totals do not show; when it
     * passes on no record although the source emitted some; when the file sink cannot
     * write what it emits; when an emitted record is neither an OpenMetadata entity nor of the output
     * type {@code O} its class declares as {@code Processor<I, O>} (a record of an SDK type such as
     * {@code ParsedData} must also read back as that type), or is an entity that is not of that type
     * or fails the kit's record checks (entity shape, well-formed FQNs, and in a metadata workflow
     * FQNs in the service and unique); and when the step the workflow puts after the processor (its
     * {@code stage}, else its {@code sink}) does not accept the records it emits. A processor the
     * workflow does not name, or one the runtime brings ({@code query-parser} for a connector that
     * declares none), is not run: give a workflow that names each processor to be checked. The run
     * is one of those the secret-leak check looks at.
     *
     * <p>A workflow with a {@code stage} and {@code bulkSink}, where the connector declares its
     * processor, stage or bulk sink in {@code steps()}, is run once more with processor, stage and
     * bulk sink as written (the runtime's {@code table-usage} and {@code metadata-usage} are pointed
     * at the kit's folder and write NDJSON there instead of calling a server). Its check fails when
     * the run fails, when one of those steps records failures, when the stage takes fewer records
     * than were passed on, when the bulk sink loads nothing from what the stage took without saying
     * why, and when what {@code metadata-usage} loaded fails the kit's record checks. Give a stage
     * or bulk sink of your own a location in {@code stepConfig} and in the workflow that the test can
     * write to.
     */
    protected abstract Map<WorkflowKind, String> workflows() throws Exception;

    /** What the connector supports beyond metadata. Default: nothing. */
    protected Set<Capability> capabilities() {
        return EnumSet.noneOf(Capability.class);
    }

    /**
     * Connection fields that point the metadata workflow at an endpoint that does not answer, for the
     * test-connection check. Default: {@code hostPort} on a {@link #closedLocalPort()} when the schema has
     * {@code hostPort}; otherwise the author must override this.
     */
    protected Map<String, Object> unreachableConnection() {
        return hasConnectionProperty("hostPort") ? Map.of("hostPort", "127.0.0.1:" + closedLocalPort()) : Map.of();
    }

    /**
     * A local TCP port that nothing listens on (one the system just handed out and that was closed
     * again), for {@link #unreachableConnection()}.
     */
    protected static int closedLocalPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("cannot find a free local port: " + e.getMessage(), e);
        }
    }

    /**
     * Connection fields set for the runs of {@link #excludeEverything()} and its {@code includes} variant, for a
     * source that applies those filters only under a setting: OpenMetadata's database connectors apply
     * {@code databaseFilterPattern} only with {@code ingestAllDatabases: true}, and read the configured database
     * whatever it says. Default: none.
     */
    protected Map<String, Object> excludeEverythingConnection() {
        return Map.of();
    }

    /**
     * Source-config fields that exclude every entity of the metadata workflow. Default by category:
     * {@code databaseFilterPattern}, {@code pipelineFilterPattern} or {@code dashboardFilterPattern}
     * (with {@code chartFilterPattern}) excluding {@code .*}. The kit also runs them with each
     * {@code excludes} replaced by an {@code includes} that matches no name, which must drop as much.
     */
    protected Map<String, Object> excludeEverything() {
        Map<String, Object> everything = Map.of("excludes", List.of(".*"));
        ServiceCategory category = classpathSpec().category();
        return switch (category) {
            case DATABASE -> Map.of("databaseFilterPattern", everything);
            case PIPELINE -> Map.of("pipelineFilterPattern", everything);
            case DASHBOARD -> Map.of("dashboardFilterPattern", everything, "chartFilterPattern", everything);
            default -> Map.of();
        };
    }

    /**
     * The filters of the metadata workflow checked one by one, each with the entity types (OpenMetadata's
     * names, as the file sink writes {@code entityType}) it must drop when it excludes every name.
     * Every {@code *FilterPattern} field of the metadata source's config record is checked, whether
     * or not it is named here: this method can re-scope a field or add one the kit's table lacks, never
     * exempt one. Default: each filter field of the config the kit's table knows, with the types the
     * table gives (see the class description and {@code FilterScopes}): {@code schemaFilterPattern} drops
     * {@code databaseSchema}, {@code table} and {@code storedProcedure}; {@code tableFilterPattern}
     * {@code table}; {@code storedProcedureFilterPattern} {@code storedProcedure};
     * {@code chartFilterPattern} {@code chart}; {@code dataModelFilterPattern}
     * {@code dashboardDataModel}; {@code dashboardFilterPattern} and {@code projectFilterPattern}
     * {@code dashboard} (for the project filter: a dashboard that names a {@code project}).
     */
    protected Map<String, Set<String>> narrowerFilters() {
        Map<String, Set<String>> scoped = new TreeMap<>();
        for (String field : filterFields()) {
            FilterScopes.of(field).ifPresent(scope -> scoped.put(field, scope.drops()));
        }
        return scoped;
    }

    /** Record fields whose values change between runs; removed before runs are compared. */
    protected Set<String> volatileFields() {
        return GoldenFiles.DEFAULT_VOLATILE_FIELDS;
    }

    /**
     * Workflow kinds whose two runs may differ (in their records, or in the order they come), each with
     * the reason (for example a usage workflow over a query log that records the connector's own
     * reads). Their determinism check is reported
     * as not applicable with that reason. Default: none.
     */
    protected Map<WorkflowKind, String> nondeterministic() {
        return Map.of();
    }

    /**
     * The {@code config} the kit gives a step the connector declares in {@code steps()} when it
     * builds it, for a step whose schema requires fields (e.g. {@code Map.of("label", "x")} for
     * {@code stepType} {@code "labeller"}). Default: an empty config.
     */
    protected Map<String, Object> stepConfig(String stepType) {
        return Map.of();
    }

    /**
     * How long one run of a workflow may take. A run still going then is interrupted, and the check
     * that needed it fails with where its source was stuck and whether it ignored the interrupt; the
     * kit starts no other run of that source type, and the other checks go on. Default 2 minutes.
     * The same bound holds for building a step (its constructor, then its {@code close()}: a source
     * whose constructor does not return within it is not run again either) and for driving the
     * connector's own processor record by record.
     */
    protected Duration runBound() {
        return Duration.ofMinutes(2);
    }

    /** How long test-connection against an unreachable endpoint may take to fail. Default 30 s. */
    protected Duration connectionFailureBound() {
        return Duration.ofSeconds(30);
    }

    /**
     * A committed golden file for a workflow kind's records, compared with {@link GoldenFiles} (e.g.
     * {@code Path.of("src/test/resources/golden/metadata.ndjson")}); empty for none.
     */
    protected Optional<Path> goldenFile(WorkflowKind kind) {
        return Optional.empty();
    }

    /**
     * The libraries the connector's plugin folder holds besides its classes. By default the module's
     * runtime class path, read from {@code target/metaingest-runtime-classpath.txt} beside the module's
     * classes. The metaingest parent POM writes that file for its own modules; a POM without that
     * parent must write it itself, as {@code examples/csv-connector/pom.xml} does: the
     * maven-dependency-plugin goal {@code build-classpath} in phase {@code generate-test-resources}
     * with {@code <includeScope>runtime</includeScope>} and {@code <outputFile>}{@code
     * ${project.build.directory}/metaingest-runtime-classpath.txt}{@code </outputFile>}. Override only
     * for a connector that is not a Maven module's main output.
     */
    protected List<Path> runtimeClasspath() throws IOException {
        return PluginFolder.runtimeClasspath(PluginFolder.location(classpathSpec().getClass()));
    }

    /**
     * Every check, as dynamic tests in one flat list. Each display name is unique and names its group
     * and the check ({@code "filters: tableFilterPattern excludes are honoured"}), so that a report
     * that shows names (an IDE, Surefire's XML with phrased names) reads as the list of checks; a
     * check's failure message starts with the same name in brackets, since Surefire's console
     * summary shows a dynamic test by its position ({@code conformance()[12]}) and its message only.
     */
    @TestFactory
    Stream<DynamicNode> conformance() {
        String discovered = "spec: is discovered exactly once from a plugin folder in an isolated class loader";
        try {
            classpathSpec();
        } catch (AssertionError noSpec) {
            // Every other check needs the spec (making them would end the factory with this error, unnamed).
            return Stream.of(check(discovered, () -> {
                throw noSpec;
            }));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(check(discovered, this::discoveredOnceFromPlugin));
        nodes.add(check("spec: service type and former names are well formed and unique", this::namesWellFormed));
        nodes.add(check("spec: category is set", () -> require(classpathSpec().category() != null, "category() returns null")));
        nodes.add(check("spec: declared capabilities match the spec", this::capabilitiesMatch));
        nodes.add(check("connection: schema is a valid JSON Schema", () -> fail(SchemaChecks.problems(classpathSpec(), schemaJson()))));
        nodes.add(check("connection: the connection record binds every schema property, by name and type",
                () -> fail(SchemaChecks.recordMismatches(classpathSpec(), schemaJson()))));
        nodes.add(check("connection: the connection record applies the schema's defaults", this::defaultsApplied));
        nodes.add(secretsAgree());
        nodes.add(secrets("connection: secrets are masked in the connection record's toString", this::toStringMasksSecrets));
        nodes.add(check("connection: the example workflows validate", this::examplesValidate));
        nodes.add(check("connection: an unknown connection key fails with its path", this::unknownKeyFails));
        nodes.add(check("steps: every declared step is built by the runtime's injector", this::stepsConstructible));
        for (WorkflowKind kind : WorkflowKind.values()) {
            nodes.addAll(workflowChecks(kind));
        }
        nodes.addAll(filterChecks());
        List<DynamicNode> tail = new ArrayList<>();
        tail.add(capability(Capability.TEST_CONNECTION,
                "test-connection: an unreachable endpoint fails as a connection error in time", this::unreachableFails));
        tail.add(capability(Capability.TEST_CONNECTION,
                "test-connection: the metadata workflow's endpoint passes", this::reachablePasses));
        // Last, so that they see every run the checks above made (dynamic tests run in this order).
        tail.add(reportedNames());
        tail.add(secrets(SECRETS_CHECK, this::runsDoNotLeakSecrets,
                canaryInWorkflows()));
        Set<String> names = new HashSet<>();
        for (DynamicNode node : Stream.concat(nodes.stream(), tail.stream()).toList()) {
            if (!names.add(node.getDisplayName())) {
                throw new IllegalStateException("the kit names two checks '" + node.getDisplayName() + "'");
            }
        }
        // The per-pattern filter checks are made when JUnit reaches them (its same-thread executor runs
        // each dynamic test as it takes it from the stream): whether one applies depends on what the
        // metadata run read, which the metadata checks above have run by then (were the stream read
        // ahead, making them would only run that memoized run earlier). Each is named
        // "filters: <field> ...", which no other check is.
        Stream<DynamicNode> perPattern = Stream.of(this).flatMap(kit -> kit.patternChecks().stream());
        return Stream.concat(Stream.concat(nodes.stream(), perPattern), tail.stream());
    }

    /**
     * The filter checks of the metadata workflow. They run when the metadata source config has
     * filter fields (OpenMetadata's {@code *FilterPattern}, which a user may set in any workflow of
     * that type) whether or not {@link Capability#FILTER_PATTERNS} is declared: a filter a user sets
     * and the source ignores goes unnoticed otherwise. Not declaring it while the config has such
     * fields fails the capability check instead.
     */
    private List<DynamicNode> filterChecks() {
        if (!capabilities().contains(Capability.FILTER_PATTERNS) && filterFields().isEmpty()) {
            return List.of(notApplicable("filters", "the metadata source config has no *FilterPattern field and"
                    + " capability FILTER_PATTERNS is not declared"));
        }
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(check("filters: excludes matching every name are honoured", this::filtersHonoured));
        nodes.add(check("filters: excludes matching every name warn that they let none through",
                () -> warnsNoneLetThrough("filtered", excludeEverything())));
        nodes.add(check("filters: includes matching no name are honoured", this::includesHonoured));
        nodes.add(check("filters: includes matching no name warn that they let none through",
                () -> warnsNoneLetThrough("filtered-includes", includeNothing())));
        return nodes;
    }

    /**
     * The checks of each filter field on its own (every {@code *FilterPattern} field of the metadata
     * source config and every field {@link #narrowerFilters()} names), except the one field
     * {@link #excludeEverything()} sets alone, which the checks above judge. Per field, with its
     * scope from {@link FilterScopes} (or the author's types): excluding every name drops every
     * record it governs and counts them filtered; the source warns that it let none through; and the
     * entities it must leave as they are are the same as in the unfiltered run. When the unfiltered
     * metadata run read nothing the field governs, the field's checks are one "not applicable: the
     * fixture has no …" (a connector cannot be judged on what its fixture lacks: give it some);
     * when that run failed, the checks are made and skipped with its cause.
     */
    private List<DynamicNode> patternChecks() {
        if (!capabilities().contains(Capability.FILTER_PATTERNS) && filterFields().isEmpty()) {
            return List.of();
        }
        Map<String, Object> outermost = excludeEverything();
        Map<String, Set<String>> named = narrowerFilters();
        Set<String> fields = new TreeSet<>(filterFields());
        fields.addAll(named.keySet());
        if (outermost.size() == 1) {
            fields.removeAll(outermost.keySet());
        }
        Optional<KitRun> unfiltered = unfilteredMetadataRun();
        List<DynamicNode> nodes = new ArrayList<>();
        for (String field : fields) {
            Optional<FilterScopes.Scope> resolved = FilterScopes.resolve(field, named.get(field));
            if (resolved.isEmpty()) {
                nodes.add(check("filters: " + field + " excludes are honoured", () -> {
                    throw new AssertionError("the kit does not know which entities " + field + " governs (its table"
                            + " knows OpenMetadata's *FilterPattern fields); name the entity types it drops in"
                            + " narrowerFilters(), e.g. Map.of(\"" + field + "\", Set.of(\"table\"))");
                }));
                continue;
            }
            FilterScopes.Scope scope = resolved.get();
            if (unfiltered.isPresent() && unfiltered.get().records().stream().noneMatch(scope::governs)) {
                nodes.add(notApplicable("filters: " + field, "the fixture has no " + scope.words() + " (the metadata run"
                        + " emitted no " + scope.dropsDescribed() + "); give the test endpoint some to check " + field));
                continue;
            }
            nodes.add(check("filters: " + field + " excludes are honoured", () -> narrowerFilterHonoured(scope)));
            nodes.add(check("filters: " + field + " excluding every name warns that it let none through",
                    () -> narrowerFilterWarns(scope)));
            if (scope.keepsAnything()) {
                String name = "filters: " + field + " excluding every name leaves " + scope.keptDescribed() + " as they are";
                boolean nothingKept = unfiltered.isPresent() && unfiltered.get().records().stream().noneMatch(scope::keeps);
                nodes.add(nothingKept ? notApplicable(name, "the fixture has none of them")
                        : check(name, () -> narrowerFilterKeeps(scope)));
            }
        }
        return nodes;
    }

    /** The first metadata run when it succeeded; empty when it failed or could not run. */
    private Optional<KitRun> unfilteredMetadataRun() {
        try {
            KitRun run = run(WorkflowKind.METADATA, 1).run;
            return run.failure().isPresent() ? Optional.empty() : Optional.of(run);
        } catch (RuntimeException | AssertionError e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code *FilterPattern} fields of the metadata source's config record ({@code
     * sourceConfig.config}), sorted; empty when the spec has no metadata source.
     */
    private List<String> filterFields() {
        return memo("filterFields", () -> ConnectorSources.of(classpathSpec(), WorkflowKind.METADATA)
                .map(source -> java.util.Arrays.stream(source.configType().getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName).filter(n -> n.endsWith("FilterPattern"))
                        .sorted().toList())
                .orElse(List.of()));
    }

    /** The checks of one workflow kind, each named {@code "<kind> workflow: <check>"}. */
    private List<DynamicNode> workflowChecks(WorkflowKind kind) {
        String name = kind.id() + " workflow";
        Optional<String> absent = kindAbsence(kind);
        if (absent.isPresent()) {
            return List.of(notApplicable(name, absent.get()));
        }
        String at = name + ": ";
        List<DynamicNode> checks = new ArrayList<>();
        checks.add(check(at + "a run emits records", () -> emitsRecords(kind)));
        checks.add(check(at + "every record fits its entity's shape", () -> fail(records(kind).shapes())));
        checks.add(check(at + "every record is an entity its service category emits",
                () -> fail(records(kind).outsideCategory(classpathSpec().category()))));
        if (kind == WorkflowKind.METADATA) {
            checks.add(check(at + "FQNs are well formed, in the service and unique", () -> fail(records(kind).ownFqns())));
            checks.add(check(at + "references to entities of the same service resolve",
                    () -> fail(records(kind).sameServiceReferences())));
            checks.add(check(at + "FQNs follow the workflow's serviceName (a run under another name)", this::followsServiceName));
        } else {
            checks.add(notApplicable(at + "references to entities of the same service resolve",
                    "only a metadata run carries the entities they would resolve to"));
        }
        checks.add(check(at + "references into other services have well-formed FQNs", () -> fail(records(kind).foreignFqns())));
        String varies = nondeterministic().get(kind);
        checks.add(varies == null ? check(at + "two runs give identical records, in the same order", () -> deterministic(kind))
                : notApplicable(at + "two runs give identical records, in the same order", varies));
        checks.add(check(at + "status counts agree with the records seen", () -> countsAgree(kind)));
        checks.add(ownProcessorCheck(kind));
        checks.add(chainCheck(kind));
        checks.add(check(at + "leaves no thread, socket, JDBC connection or open file behind", () -> fail(ran(kind, 2).leftBehind)));
        checks.add(check(at + "changes no JVM-wide state", () -> fail(globalChanges(kind))));
        Optional<Path> golden = goldenFile(kind);
        checks.add(golden.isPresent()
                ? check(at + "records match the golden file " + golden.get(), () -> matchesGolden(kind, golden.get()))
                : notApplicable(at + "records match the golden file", "goldenFile(" + kind + ") names none"));
        return checks;
    }

    private Optional<String> kindAbsence(WorkflowKind kind) {
        if (kind == WorkflowKind.METADATA) {
            return Optional.empty();
        }
        Optional<Capability> capability = Capability.of(kind);
        boolean declared = capability.isPresent() && capabilities().contains(capability.get());
        if (!declared) {
            return Optional.of("capability " + capability.map(Enum::name).orElse(kind.id()) + " is not declared");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- spec

    private void discoveredOnceFromPlugin() {
        ServiceSpecRegistry registry = pluginRegistry();
        List<RegisteredSpec> ours = registry.specs().stream()
                .filter(r -> r.spec().serviceType().equalsIgnoreCase(serviceType())).toList();
        List<String> problems = new ArrayList<>();
        for (DiscoveryProblem p : registry.problems()) {
            if (p.problem().contains("'" + serviceType() + "'") || p.where().contains(classpathSpec().getClass().getName())) {
                problems.add(p.toString());
            }
        }
        require(problems.isEmpty(), "discovery from " + plugin() + " reported: " + String.join("; ", problems));
        require(ours.size() == 1, "service type '" + serviceType() + "' was not discovered from " + plugin());
        RegisteredSpec found = ours.get(0);
        require(found.origin().startsWith("plugin "), "discovered from " + found.origin() + ", not from the plugin folder");
        require(found.spec().getClass().getClassLoader() != classpathSpec().getClass().getClassLoader(),
                "the spec was loaded by the test's class loader, not by the plugin's own");
    }

    private void namesWellFormed() {
        List<String> problems = new ArrayList<>();
        if (!TYPE_NAME.matcher(serviceType()).matches() || !classpathSpec().serviceType().equals(serviceType())) {
            problems.add("service type '" + classpathSpec().serviceType() + "' must match " + TYPE_NAME + " and equal '" + serviceType() + "'");
        }
        Set<String> seen = new HashSet<>();
        seen.add(serviceType().toLowerCase(Locale.ROOT));
        for (String former : classpathSpec().formerServiceTypes()) {
            // A repeat first: 'kennel' beside 'Kennel' is a repeat (names compare ignoring case), whatever its case.
            if (former != null && !seen.add(former.toLowerCase(Locale.ROOT))) {
                problems.add("former name '" + former + "' repeats the service type or another former name (names"
                        + " compare ignoring case); remove it");
            } else if (former == null || !TYPE_NAME.matcher(former).matches()) {
                problems.add("former name '" + former + "' must match " + TYPE_NAME);
            }
        }
        // The distribution's own plugins are not in the kit's plugin folder: a clash shows only once installed.
        List<String> ownNames = new ArrayList<>(List.of(serviceType()));
        ownNames.addAll(classpathSpec().formerServiceTypes());
        ownNames.forEach(name -> BundledConnector.clash(classpathSpec().getClass().getName(), name)
                .ifPresent(problems::add));
        for (RegisteredSpec other : pluginRegistry().specs()) {
            if (other.spec().serviceType().equalsIgnoreCase(serviceType())) {
                continue;
            }
            Set<String> theirs = new HashSet<>();
            theirs.add(other.spec().serviceType().toLowerCase(Locale.ROOT));
            other.spec().formerServiceTypes().forEach(f -> theirs.add(f.toLowerCase(Locale.ROOT)));
            for (String mine : seen) {
                if (theirs.contains(mine)) {
                    problems.add("'" + mine + "' is also claimed by " + other.spec().getClass().getName());
                }
            }
        }
        fail(problems);
    }

    private void capabilitiesMatch() {
        List<String> problems = new ArrayList<>();
        Set<WorkflowKind> offered = ConnectorSources.of(classpathSpec()).keySet();
        for (WorkflowKind kind : WorkflowKind.values()) {
            Optional<Capability> capability = Capability.of(kind);
            if (capability.isEmpty()) {
                continue;
            }
            boolean declared = capabilities().contains(capability.get());
            if (declared != offered.contains(kind)) {
                problems.add(declared ? "capability " + capability.get() + " is declared but the spec has no " + kind.id() + " source"
                        : "the spec offers a " + kind.id() + " source but capabilities() does not declare " + capability.get());
            }
        }
        boolean filters = capabilities().contains(Capability.FILTER_PATTERNS);
        if (!filters && !filterFields().isEmpty()) {
            problems.add("the metadata source config has the filter fields " + filterFields() + " but capabilities() does"
                    + " not declare FILTER_PATTERNS; declare it (the kit checks those filters either way: a user who sets"
                    + " one expects it honoured)");
        }
        boolean tester = classpathSpec().connectionTester().isPresent();
        if (tester != capabilities().contains(Capability.TEST_CONNECTION)) {
            problems.add(tester ? "the spec has a connection tester but capabilities() does not declare TEST_CONNECTION"
                    : "TEST_CONNECTION is declared but the spec has no connectionTester()");
        }
        for (WorkflowKind kind : offered) {
            if (!workflowYaml().containsKey(kind)) {
                problems.add("workflows() gives no " + kind.id() + " workflow, yet the spec offers one");
            }
        }
        fail(problems);
    }

    /**
     * The names the source gives filtered and failed entities, in every run: in a database service the
     * report's filtered and failure lists name an entity by its FQN, as OpenMetadata's database sources do.
     */
    private DynamicNode reportedNames() {
        String name = "report: every filtered or failed entity is named by its FQN (every run)";
        ServiceCategory category = classpathSpec().category();
        if (category != ServiceCategory.DATABASE) {
            return notApplicable(name, "the category is " + category + ", not DATABASE: OpenMetadata names a filtered"
                    + " database, schema or table by its FQN, and a pipeline, dashboard or chart, which sits directly"
                    + " under its service, by its name");
        }
        return check(name, () -> fail(ReportedNames.problems(runs)));
    }

    // ---------------------------------------------------------------- connection

    private DynamicNode secrets(String name, Executable check) {
        return secrets(name, check, false);
    }

    /** A secret check, applicable when the schema marks a field secret or {@code alsoWhen} holds. */
    private DynamicNode secrets(String name, Executable check, boolean alsoWhen) {
        if (RuntimeAccess.secretFieldNames(classpathSpec()).isEmpty() && !alsoWhen) {
            return notApplicable(name, "the connection schema has no format: password field");
        }
        return check(name, check);
    }

    /** Whether a workflow the test gives holds a {@link Canary}: a secret, whatever the schema says of its field. */
    private boolean canaryInWorkflows() {
        try {
            return workflowYaml().values().stream().anyMatch(yaml -> Canary.all().stream().anyMatch(yaml::contains));
        } catch (AssertionError e) {
            return false; // the checks that run a workflow say why there is none
        }
    }

    /** The schema is the one place that says which fields are secret; the record's Secret types must agree. */
    private DynamicNode secretsAgree() {
        String name = "connection: the schema marks format: password exactly the fields the record types Secret";
        if (RuntimeAccess.secretFieldNames(classpathSpec()).isEmpty() && !SchemaChecks.hasSecretComponent(classpathSpec())
                && SchemaChecks.secretMismatches(classpathSpec(), schemaJson()).isEmpty()) {
            return notApplicable(name, "neither the connection schema nor the connection record has a secret field");
        }
        return check(name, () -> fail(SchemaChecks.secretMismatches(classpathSpec(), schemaJson())));
    }

    private void defaultsApplied() {
        List<String> problems = RuntimeAccess.defaultsNotApplied(classpathSpec());
        fail(problems.stream().map(p -> classpathSpec().connectionType().getSimpleName() + " does not apply the default of "
                + classpathSpec().connectionSchema() + ": " + p + "; give the field the schema's default when it is absent")
                .toList());
    }

    private void toStringMasksSecrets() throws Exception {
        LoadedWorkflow workflow = runtime().load(workflowFile(WorkflowKind.METADATA));
        require(!workflow.secrets().isEmpty(), "the metadata workflow sets no secret field, so masking cannot be checked;"
                + " give the test endpoint's secret in the workflow");
        String text = String.valueOf(workflow.connection());
        for (String secret : workflow.secrets()) {
            require(!text.contains(secret), "the connection record's toString shows a secret value: " + mask(text, secret)
                    + " (type the field io.metaingest.api.Secret)");
        }
    }

    /**
     * Every run the kit made: the first run of each workflow kind it checks (made here when no check
     * did), the second runs, the metadata runs under filters and another service name, and the runs
     * with the connector's own processor kept; and each connection test (what the tester printed, logged,
     * returned or threw). A secret leaked only by another kind's source, only on a path a filter takes, only
     * by a processor or only by the tester, goes unnoticed in the first metadata run alone.
     */
    private void runsDoNotLeakSecrets() {
        for (WorkflowKind kind : WorkflowKind.values()) {
            if (kindAbsence(kind).isEmpty()) {
                try {
                    run(kind, 1);
                } catch (AssertionError e) {
                    // a workflow that could not run has nothing to leak; "a run emits records" says why
                }
            }
        }
        if (runs.isEmpty() && connectionTests.isEmpty()) {
            Assumptions.abort("skipped: no workflow could run");
        }
        List<String> leaks = new ArrayList<>();
        // A failed run is checked too: error messages are where secrets leak most.
        runs.forEach(run -> leaks.addAll(leaks(run)));
        connectionTests.forEach(test -> leaks.addAll(SecretLeaks.findIn(test.subject(), test.told(), test.secrets())));
        List<String> problems = new ArrayList<>();
        LogCapture.unchecked().ifPresent(problems::add);
        problems.addAll(leaks);
        if (!leaks.isEmpty()) {
            problems.add(SECRET_FIX);
        }
        fail(problems);
    }

    /** Where the run shows a secret, in any of its {@link SecretLeaks#encodings forms}; empty when nowhere. */
    private static List<String> leaks(KitRun run) {
        List<String> problems = new ArrayList<>(maskedInRecords(run));
        Map<String, String> places = new LinkedHashMap<>();
        places.put(RECORDS_PLACE, String.join("\n", run.lines()));
        places.putAll(run.printed());
        problems.addAll(SecretLeaks.find(run.kind(), places, run.secrets()));
        return problems;
    }

    private static final String RECORDS_PLACE = "records (the file sink's NDJSON)";

    /** What to do about a leak, said once after the leaks: the lines above say where each went. */
    static final String SECRET_FIX = "keep secret values out of what the connector logs, prints, emits, returns and"
            + " throws: name the setting instead, and pass a secret as io.metaingest.api.Secret (its toString is masked)"
            + " until the call that sends it reveals it";

    /** Whether a record of the run carries a secret: as is, in any form, or as the runtime's mask; empty when none. */
    private static List<String> recordLeaks(KitRun run) {
        List<String> problems = new ArrayList<>(maskedInRecords(run));
        problems.addAll(SecretLeaks.find(run.kind(), Map.of(RECORDS_PLACE, String.join("\n", run.lines())), run.secrets()));
        return problems;
    }

    /** A runtime that masks secrets in what it writes turns a leaked secret into the mask: the first such record. */
    private static List<String> maskedInRecords(KitRun run) {
        return SecretLeaks.maskedRecord(run.lines(), run.records(), io.metaingest.api.Secret.MASK)
                .map(record -> List.of("the " + run.kind() + " run: a record carries a secret (masked as "
                        + io.metaingest.api.Secret.MASK + "): " + record)).orElse(List.of());
    }

    private static String mask(String text, String secret) {
        return "'" + text.replace(secret, "<the secret>") + "'";
    }

    private void examplesValidate() {
        List<String> problems = new ArrayList<>();
        for (WorkflowKind kind : workflowYaml().keySet()) {
            try {
                runtime().load(workflowFile(kind));
            } catch (InvalidConfigException e) {
                e.problems().forEach(p -> problems.add(kind.id() + " workflow: " + p));
            }
        }
        fail(problems);
    }

    private void unknownKeyFails() throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(workflowYaml().get(WorkflowKind.METADATA));
        ((ObjectNode) root.path("source").path("serviceConnection").path("config")).put(UNKNOWN_KEY, true);
        Path file = kitDir.resolve("unknown-key.yaml");
        YAML.writeValue(file.toFile(), root);
        String expected = CONNECTION + "." + UNKNOWN_KEY;
        try {
            runtime().load(file);
        } catch (InvalidConfigException e) {
            boolean named = e.problems().stream().map(ConfigProblem::toString).anyMatch(p -> p.contains(expected)
                    || (p.startsWith(CONNECTION) && p.contains(UNKNOWN_KEY)));
            require(named, "the unknown key " + UNKNOWN_KEY + " was rejected without its path " + expected + ": " + e.problems());
            return;
        }
        throw new AssertionError("a connection with the unknown key '" + UNKNOWN_KEY + "' was accepted;"
                + " set additionalProperties: false in the connection schema");
    }

    // ---------------------------------------------------------------- steps

    private void stepsConstructible() throws Exception {
        List<String> problems = new ArrayList<>();
        for (StepSpec.SourceSpec<?> source : ConnectorSources.of(pluginSpec()).values()) {
            if (!workflowYaml().containsKey(source.kind())) {
                continue; // reported by the capability check
            }
            build(source.kind(), source.stepClass(), problems);
        }
        if (pluginSpec().connectionTester().isPresent()) {
            build(WorkflowKind.METADATA, pluginSpec().connectionTester().get(), problems);
        }
        for (StepSpec<?> step : pluginSpec().steps()) {
            if (!(step instanceof StepSpec.SourceSpec<?>)) {
                buildDeclared(step, problems);
            }
        }
        fail(problems);
    }

    /**
     * Builds a step of {@code steps()} as the runtime does for a workflow naming it (its {@code config}
     * empty, bound to its record): in the first of the author's workflows whose bindings it needs
     * (a usage processor wants the usage source config).
     */
    private void buildDeclared(StepSpec<?> step, List<String> problems) throws IOException {
        String name = step.role().key() + " '" + step.type() + "' (" + step.stepClass().getName() + ")";
        List<String> tries = new ArrayList<>();
        for (WorkflowKind kind : WorkflowKind.values()) {
            if (!workflowYaml().containsKey(kind)) {
                continue;
            }
            ObjectNode root = (ObjectNode) YAML.readTree(workflowYaml().get(kind));
            ObjectNode declared = root.putObject(step.role().key()).put("type", step.type());
            Map<String, Object> config = stepConfig(step.type());
            if (!config.isEmpty()) {
                declared.set("config", YAML.valueToTree(config));
            }
            Path file = kitDir.resolve("step-" + step.role().key() + "-" + kind.id() + ".yaml");
            YAML.writeValue(file.toFile(), root);
            List<String> changes = new ArrayList<>();
            try {
                GlobalState.guarded(changes, () -> {
                    createAndClose(runtime().load(file), step.stepClass(), name);
                    return null;
                });
                changedState("building " + name, changes).ifPresent(problems::add);
                return;
            } catch (BoundedRun.Expired e) {
                // Another workflow would wait as long: the constructor, not the workflow, is the cause.
                problems.add(e.getMessage());
                changedState("building " + name, changes).ifPresent(problems::add);
                return;
            } catch (InvalidConfigException e) {
                tries.add("in the " + kind.id() + " workflow with " + (config.isEmpty()
                        ? "an empty config: " + e.problems() + " (give a config its schema accepts in stepConfig(\"" + step.type() + "\"))"
                        : "the config of stepConfig(\"" + step.type() + "\"): " + e.problems()));
            } catch (Exception e) {
                tries.add("in the " + kind.id() + " workflow: " + e.getMessage());
            }
        }
        problems.add("declared " + name + " is not built by the runtime's injector: " + String.join("; ", tries));
    }

    private void build(WorkflowKind kind, Class<?> type, List<String> problems) {
        boolean source = Source.class.isAssignableFrom(type);
        String step = (source ? "the " + kind.id() + " source " : "the connection tester ") + type.getName();
        List<String> changes = new ArrayList<>();
        try {
            GlobalState.guarded(changes, () -> {
                LoadedWorkflow workflow = runtime().load(workflowFile(kind));
                createAndClose(workflow, type, step);
                return null;
            });
        } catch (BoundedRun.Expired e) {
            problems.add(e.getMessage());
            if (source) {
                // Every run of this source type builds it the same way: each would wait as long.
                hung.put(sourceType(kind), e.getMessage());
            }
        } catch (Exception e) {
            problems.add(type.getName() + ": " + e.getMessage());
        }
        changedState("building " + type.getName(), changes).ifPresent(problems::add);
    }

    /**
     * Creates a step as the runtime does and closes it again, as the runtime would after a run, each
     * under {@link #runBound()}: a constructor that waits forever would otherwise hold the kit.
     */
    private void createAndClose(LoadedWorkflow workflow, Class<?> type, String step) throws Exception {
        Object created = bounded(BoundedRun.Task.construction(step, type), () -> RuntimeSteps.create(workflow, type));
        if (created instanceof AutoCloseable closeable) {
            bounded(BoundedRun.Task.closing(step, type), () -> {
                closeable.close();
                return null;
            });
        }
    }

    /** The {@code source.type} of the author's workflow of this kind (one the runtime has loaded). */
    private String sourceType(WorkflowKind kind) {
        try {
            return YAML.readTree(workflowYaml().get(kind)).path("source").path("type").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@code body} on a thread of its own under {@link #runBound()}; a thread that ignores the
     * interrupt is remembered in {@link #leftRunning}.
     */
    private <T> T bounded(BoundedRun.Task task, java.util.concurrent.Callable<T> body) throws Exception {
        try {
            return BoundedRun.call(task, runBound(), INTERRUPT_GRACE, body);
        } catch (BoundedRun.Expired e) {
            e.leftRunning().ifPresent(leftRunning::add);
            throw e;
        }
    }

    /**
     * One line naming what connector code changed in the JVM, which the kit has put back; empty when
     * it changed nothing. The change would leak into every later run in the runtime's JVM.
     */
    private static Optional<String> changedState(String who, List<String> changes) {
        return changes.isEmpty() ? Optional.empty() : Optional.of(who + " changed JVM-wide state (the kit put it back): "
                + String.join("; ", changes.stream().distinct().toList()) + "; leave process-wide settings alone: every"
                + " connector of the runtime's JVM shares them");
    }

    // ---------------------------------------------------------------- processors

    /**
     * The check of the connector's own processor in the author's workflow of this kind: a run with
     * the processor kept ({@link #ownProcessorRuns}). Whether it applies is read from the workflow's
     * YAML and the spec's {@code steps()}, so that the check's name says which processor it runs or
     * why it runs none.
     */
    private DynamicNode ownProcessorCheck(WorkflowKind kind) {
        String name = kind.id() + " workflow: its own processor passes on, filters or fails every record and emits what it declares";
        String type;
        try {
            String yaml = workflowYaml().get(kind);
            if (yaml == null) {
                return notApplicable(name, "workflows() gives no " + kind.id() + " workflow");
            }
            type = YAML.readTree(yaml).path("processor").path("type").asText(null);
        } catch (AssertionError | IOException e) {
            // The run's own check reports the same cause; this one must not hide it by passing.
            return check(name, () -> {
                throw new AssertionError("cannot read the " + kind.id() + " workflow: " + e.getMessage(), e);
            });
        }
        if (type == null) {
            return notApplicable(name, "the " + kind.id() + " workflow declares no processor");
        }
        if (ownProcessors().stream().noneMatch(p -> p.type().equals(type))) {
            return notApplicable(name, "its processor '" + type + "' is not one the connector declares in steps()");
        }
        return check(kind.id() + " workflow: its own processor '" + type + "' passes on, filters or fails every record and emits what"
                + " it declares",
                () -> ownProcessorRuns(kind, type));
    }

    /** The processors the connector declares in {@code steps()}. */
    private List<StepSpec<?>> ownProcessors() {
        List<StepSpec<?>> steps = classpathSpec().steps();
        return steps == null ? List.of() : steps.stream()
                .filter(s -> s != null && s.role() == StepSpec.Role.PROCESSOR).toList();
    }

    /**
     * Runs the workflow with its processor kept (stage and bulk sink removed, the kit's file sink
     * instead of its sink) and fails with one line per problem: the run failed; the processor
     * recorded failures (a {@code process} that throws or returns null is recorded as one by the
     * runtime); it passed no record on although the source emitted some; the file sink could not write
     * what it emitted; a record it emitted is neither an OpenMetadata entity nor the output type its
     * class declares ({@code O} of {@code Processor<I, O>}), is not of that type, or is an entity that
     * fails the kit's record checks (shape; FQNs, and in a metadata run their uniqueness in the
     * service); or the step the author's workflow puts after it (its stage, else its sink) does not
     * accept what it emitted. The run joins the others the secret-leak check looks at.
     */
    private void ownProcessorRuns(WorkflowKind kind, String type) throws Exception {
        // A source-only run that fails fails this one too, with no word about the processor.
        succeeded(kind);
        LoadedWorkflow written;
        try {
            written = runtime().load(workflowFile(kind));
        } catch (InvalidConfigException e) {
            throw new AssertionError("the " + kind.id() + " workflow as given does not load, so its processor '" + type
                    + "' cannot be run: " + e.problems(), e);
        }
        Class<?> stepClass = written.processor().orElseThrow(() -> new AssertionError("the runtime loaded the "
                + kind.id() + " workflow without its processor '" + type + "'")).step().spec().stepClass();
        String who = "processor '" + type + "' (" + stepClass.getName() + ")";
        KitRun run = execute(kind.id() + "-processor", workflowYaml().get(kind), false, Kept.PROCESSOR).run;
        List<String> problems = new ArrayList<>();
        List<StepSummary> steps = run.result().steps();
        if (run.result().fatalError() != null) {
            problems.add("the " + kind.id() + " run with " + who + " failed: " + run.result().fatalError());
        }
        if (steps.size() < 3) {
            problems.add("the run report of the " + kind.id() + " run with " + who + " has " + steps.size()
                    + " steps; expected the source, the processor and the sink");
            throw new AssertionError(String.join("\n", problems));
        }
        StepSummary source = steps.get(0);
        StepSummary processor = steps.get(1);
        StepSummary sink = steps.get(steps.size() - 1);
        processor.failures().stream().limit(SHOWN_FAILURES).forEach(f ->
                problems.add(who + " failed on " + f.name() + ": " + f.error()));
        if (processor.errors() > Math.min(SHOWN_FAILURES, processor.failures().size())) {
            problems.add("… and " + (processor.errors() - Math.min(SHOWN_FAILURES, processor.failures().size()))
                    + " more failures of " + who);
        }
        List<String> changes = new ArrayList<>();
        List<String> unaccounted = unaccounted(kind, who, written, changes);
        problems.addAll(unaccounted);
        changedState(who + " and its source, driven record by record,", changes).ifPresent(problems::add);
        if (unaccounted.isEmpty() && source.records() > 0 && processor.records() == 0) {
            problems.add(nothingPassedOn(kind, who, source.records(), processor));
        }
        sink.failures().stream().limit(SHOWN_FAILURES).forEach(f -> problems.add("the kit's file sink could not write"
                + " what " + who + " emitted for " + f.name() + ": " + f.error()));
        if (problems.isEmpty()) {
            // Failed under the success threshold for a reason none of the lines above names.
            run.failure().ifPresent(cause -> problems.add("the " + kind.id() + " run with " + who + " failed: " + cause));
        }
        problems.addAll(outputProblems(kind, who, stepClass, written, run));
        fail(problems);
    }

    /**
     * The records the processor neither passed on, filtered nor failed, found by driving the source
     * into it record by record ({@link ProcessorAccounting}): one line for those it returned no
     * result for.
     */
    private List<String> unaccounted(WorkflowKind kind, String who, LoadedWorkflow written, List<String> changes) {
        ProcessorAccounting accounting;
        try {
            accounting = GlobalState.guarded(changes, () -> bounded(BoundedRun.Task.drive(kind.id(), who),
                    () -> ProcessorAccounting.of(written)));
        } catch (BoundedRun.Expired e) {
            return List.of(e.getMessage());
        } catch (Exception e) {
            return List.of("the kit could not give " + who + " the source's records one by one: "
                    + io.metaingest.api.StepError.oneLine(e));
        }
        List<String> problems = new ArrayList<>();
        if (!accounting.silent().isEmpty()) {
            problems.add(who + " returned no result for " + some(accounting.silent(), accounting.inputs())
                    + ": it drops them silently; return Result.filtered(name, reason) for a record it drops (the run"
                    + " counts it as filtered) or Result.failed(name, error) for one it cannot process, never an empty stream ("
                    + io.metaingest.api.Result.NAME_RULE + ")");
        }
        return problems;
    }

    /** "2 of the 5 records it was given (e.g. a, b)". */
    private static String some(List<String> keys, long of) {
        return keys.size() + " of the " + of + " records it was given (e.g. "
                + String.join(", ", keys.subList(0, Math.min(3, keys.size()))) + ")";
    }

    private static String nothingPassedOn(WorkflowKind kind, String who, long emitted, StepSummary processor) {
        String head = who + " passed on none of the " + emitted + " records the source emitted";
        if (processor.errors() + processor.filtered() + processor.warnings() == 0) {
            return head + " and reported none as failed, filtered or warned: it drops records silently; return"
                    + " Result.ok(output) for each record it keeps, and Result.filtered(name, reason) for each it"
                    + " drops, never an empty stream (" + io.metaingest.api.Result.NAME_RULE + ")";
        }
        return head + " (" + processor.errors() + " failed, " + processor.filtered() + " filtered, "
                + processor.warnings() + " warnings): check that it returns Result.ok(output) for the records it"
                + " keeps, and that the " + kind.id() + " workflow reads something it keeps";
    }

    /**
     * The records the processor emitted against what its class declares, the kit's record checks and
     * the step after it in the author's workflow; one line per kind of mistake.
     */
    private List<String> outputProblems(WorkflowKind kind, String who, Class<?> stepClass, LoadedWorkflow written,
                                        KitRun run) {
        Class<?> declared = declaredOutput(stepClass);
        String declaration = "the " + declared.getSimpleName() + " its class declares (Processor<…, "
                + declared.getSimpleName() + ">)";
        Map<String, Integer> foreign = new TreeMap<>();
        Map<Class<?>, Integer> emitted = new LinkedHashMap<>();
        List<JsonNode> entities = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode line : run.records()) {
            String entityType = line.path("entityType").asText("");
            Class<?> shape = Entities.SHAPES.get(entityType);
            Class<?> actual = shape != null ? shape : writtenAs(line, declared) ? declared : null;
            if (actual == null || !declared.isAssignableFrom(actual)) {
                foreign.merge(entityType, 1, Integer::sum);
                continue;
            }
            emitted.merge(actual, 1, Integer::sum);
            if (shape != null) {
                entities.add(line);
            } else {
                unboundOutput(line, declared).ifPresent(p -> problems.add(who + " emitted a " + entityType + " " + p));
            }
        }
        foreign.forEach((entityType, count) -> problems.add(who + " emitted " + count + " " + entityType
                + (count == 1 ? " record" : " records") + (Entities.SHAPES.containsKey(entityType)
                ? ", not " + declaration : ", neither an OpenMetadata entity nor " + declaration)
                + "; emit what it declares, or declare what it emits"));
        RecordChecks checks = new RecordChecks(run.result().serviceName(), entities);
        List<String> recordProblems = new ArrayList<>(checks.shapes());
        if (kind == WorkflowKind.METADATA) {
            recordProblems.addAll(checks.ownFqns());
        }
        recordProblems.addAll(checks.foreignFqns());
        recordProblems.forEach(p -> problems.add(who + " emitted " + p));
        nextStep(written).ifPresent(next -> emitted.forEach((type, count) -> {
            if (!next.accepts().isAssignableFrom(type)) {
                problems.add("the " + kind.id() + " workflow's " + next.name() + " accepts " + next.accepts().getSimpleName()
                        + " records, but " + who + " emitted " + count + " " + type.getSimpleName()
                        + (count == 1 ? " record" : " records") + "; it would record a failure for each");
            }
        }));
        return problems;
    }

    /** The output type {@code O} a processor class declares as {@code Processor<I, O>}; Object when it names none. */
    static Class<?> declaredOutput(Class<?> processorClass) {
        JavaType[] parameters = JSON.getTypeFactory().constructType(processorClass)
                .findTypeParameters(io.metaingest.api.Processor.class);
        return parameters.length == 2 ? parameters[1].getRawClass() : Object.class;
    }

    /**
     * Whether the file sink wrote this line for a record of {@code type}: under its simple name, or,
     * for an {@link io.metaingest.api.EntityRequest} record (a {@code ParsedData}, say), under the
     * {@code entityType} such a record read back from the line gives.
     */
    private static boolean writtenAs(JsonNode line, Class<?> type) {
        String entityType = line.path("entityType").asText("");
        if (entityType.equals(type.getSimpleName())) {
            return true;
        }
        if (!io.metaingest.api.EntityRequest.class.isAssignableFrom(type) || type.isInterface()
                || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        try {
            return entityType.equals(((io.metaingest.api.EntityRequest) JSON.treeToValue(line.path("entity"), type))
                    .entityType());
        } catch (IOException | RuntimeException e) {
            return false; // not readable as that type: reported as not what the processor declares
        }
    }

    /**
     * Why a record of an SDK type that is not an OpenMetadata entity (a {@code ParsedData}, say) does
     * not bind back to that type as a later step would read it; empty when it does. Types of the
     * connector's own are not bound: they need not be readable from JSON.
     */
    private static Optional<String> unboundOutput(JsonNode line, Class<?> declared) {
        if (!declared.getName().startsWith("io.metaingest.api.")) {
            return Optional.empty();
        }
        try {
            JSON.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .treeToValue(line.path("entity"), declared);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("that does not fit " + declared.getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** The step after the processor in the author's workflow, and the records it accepts. */
    private record NextStep(String name, Class<?> accepts) {
    }

    /** The author's stage, else their sink; empty when neither names the records it accepts. */
    private static Optional<NextStep> nextStep(LoadedWorkflow written) {
        if (written.stage().isPresent()) {
            return written.stage().get().step().spec() instanceof StepSpec.StageSpec<?, ?> stage
                    ? Optional.of(new NextStep("stage '" + stage.type() + "'", stage.accepts())) : Optional.empty();
        }
        return written.sink().flatMap(s -> s.step().spec() instanceof StepSpec.SinkSpec<?, ?> sink
                ? Optional.of(new NextStep("sink '" + sink.type() + "'", sink.accepts())) : Optional.empty());
    }

    // ---------------------------------------------------------------- stage and bulk sink

    /**
     * The check of the author's two-phase write (source → processor → stage → bulk sink) in this
     * kind's workflow, when it names a stage or bulk sink and the connector ships one of those three
     * steps ({@code steps()}): the runtime's own steps alone are the runtime's to test.
     */
    private DynamicNode chainCheck(WorkflowKind kind) {
        String name = kind.id() + " workflow: its processor's records go through its stage and bulk sink";
        JsonNode root;
        try {
            String yaml = workflowYaml().get(kind);
            if (yaml == null) {
                return notApplicable(name, "workflows() gives no " + kind.id() + " workflow");
            }
            root = YAML.readTree(yaml);
        } catch (AssertionError | IOException e) {
            return check(name, () -> {
                throw new AssertionError("cannot read the " + kind.id() + " workflow: " + e.getMessage(), e);
            });
        }
        String processor = root.path("processor").path("type").asText(null);
        String stage = root.path("stage").path("type").asText(null);
        String bulkSink = root.path("bulkSink").path("type").asText(null);
        if (stage == null && bulkSink == null) {
            return notApplicable(name, "the " + kind.id() + " workflow has no stage or bulk sink");
        }
        Set<String> own = new HashSet<>();
        List<StepSpec<?>> steps = classpathSpec().steps() == null ? List.of() : classpathSpec().steps();
        steps.stream().filter(java.util.Objects::nonNull).filter(s -> s.role() != StepSpec.Role.SOURCE)
                .forEach(s -> own.add(s.role().key() + " " + s.type()));
        boolean ships = (processor != null && own.contains(StepSpec.Role.PROCESSOR.key() + " " + processor))
                || own.contains(StepSpec.Role.STAGE.key() + " " + stage)
                || own.contains(StepSpec.Role.BULK_SINK.key() + " " + bulkSink);
        if (!ships) {
            return notApplicable(name, "its processor, stage and bulk sink are none the connector declares in steps()");
        }
        String chain = "source → " + (processor == null ? "" : "processor '" + processor + "' → ") + "stage '" + stage
                + "' → bulk sink '" + bulkSink + "'";
        return check(kind.id() + " workflow: its processor's records go through its stage and bulk sink (" + chain + ")",
                () -> chainRuns(kind, chain, processor != null));
    }

    /**
     * Runs the workflow with processor, stage and bulk sink as written ({@link Kept#CHAIN}) and fails,
     * one line per problem, when the run fails; when one of those steps records failures; when the
     * stage takes fewer records than the processor passed on; when the bulk sink loads nothing from
     * what the stage took and says nothing about it; and, for the runtime's {@code metadata-usage}
     * (writing into the kit's file), when what it loaded fails the kit's record checks.
     */
    private void chainRuns(WorkflowKind kind, String chain, boolean hasProcessor) throws Exception {
        // A source-only run that fails fails this one too, with no word about the later steps.
        succeeded(kind);
        KitRun run = execute(kind.id() + "-chain", workflowYaml().get(kind), false, Kept.CHAIN).run;
        List<String> problems = new ArrayList<>();
        List<StepSummary> steps = run.result().steps();
        if (run.result().fatalError() != null) {
            problems.add("the " + kind.id() + " run " + chain + " failed: " + run.result().fatalError());
        }
        int expected = hasProcessor ? 4 : 3;
        if (steps.size() < expected) {
            problems.add("the run report of the " + kind.id() + " run " + chain + " has " + steps.size() + " steps;"
                    + " expected " + expected + " (the bulk sink is made once the source is read)");
            throw new AssertionError(String.join("\n", problems));
        }
        StepSummary passedOn = hasProcessor ? steps.get(1) : steps.get(0);
        StepSummary staging = steps.get(expected - 2);
        StepSummary loading = steps.get(expected - 1);
        for (StepSummary step : steps.subList(1, expected)) {
            step.failures().stream().limit(SHOWN_FAILURES).forEach(f -> problems.add("step '" + step.name() + "' of "
                    + chain + " failed on " + f.name() + ": " + f.error()));
        }
        if (staging.errors() == 0 && staging.records() < passedOn.records()) {
            problems.add("stage '" + staging.name() + "' took " + staging.records() + " of the " + passedOn.records()
                    + " records '" + passedOn.name() + "' passed on, and reported no failure");
        }
        if (staging.records() > 0 && loading.records() + loading.updatedRecords() + loading.errors()
                + loading.filtered() + loading.warnings() == 0) {
            problems.add("bulk sink '" + loading.name() + "' loaded nothing from the " + staging.records()
                    + " records stage '" + staging.name() + "' took, and said nothing about it: it must read what the"
                    + " stage wrote (the same location in its config) and return a Result for each entity it loads");
        }
        if (problems.isEmpty()) {
            run.failure().ifPresent(cause -> problems.add("the " + kind.id() + " run " + chain + " failed: " + cause));
        }
        RecordChecks checks = new RecordChecks(run.result().serviceName(), run.records());
        checks.shapes().forEach(p -> problems.add("bulk sink '" + loading.name() + "' loaded " + p));
        checks.foreignFqns().forEach(p -> problems.add("bulk sink '" + loading.name() + "' loaded " + p));
        fail(problems);
    }

    /**
     * Points a step of the runtime's (by type, when the connector does not declare one of that type)
     * at the kit's folder, so that a chain run writes nowhere else and reaches no server.
     */
    private void redirect(ObjectNode root, String role, String type, Map<String, String> fields) {
        JsonNode step = root.path(role);
        boolean own = classpathSpec().steps() != null && classpathSpec().steps().stream()
                .anyMatch(s -> s != null && s.role().key().equals(role) && s.type().equals(type));
        if (!step.isObject() || !type.equals(step.path("type").asText()) || own) {
            return;
        }
        JsonNode config = step.path("config");
        ObjectNode redirected = config.isObject() ? (ObjectNode) config : ((ObjectNode) step).putObject("config");
        fields.forEach(redirected::put);
    }

    // ---------------------------------------------------------------- runs

    /** The one check that fails when the run fails; the checks that need its records are skipped. */
    private void emitsRecords(WorkflowKind kind) {
        KitRun run = run(kind, 1).run;
        run.failure().ifPresent(cause -> {
            throw new AssertionError("the " + kind.id() + " run failed: " + cause + " (" + run.lines().size()
                    + " records written; the checks that need its records are skipped)" + run.skipOneEntityFix());
        });
        require(!run.lines().isEmpty(), "the " + run.describe() + "; point the " + kind.id()
                + " workflow at a test endpoint that has something to read");
    }

    private RecordChecks records(WorkflowKind kind) {
        KitRun run = succeeded(kind);
        return memo("records " + kind, () -> new RecordChecks(run.result().serviceName(), run.records()));
    }

    /**
     * The metadata run under another service name: its entities must move with it. A source that
     * builds FQNs from a constant rather than {@code WorkflowContext.serviceName()} passes every
     * other check, since the author's workflow names the same service as the constant.
     */
    private void followsServiceName() throws Exception {
        String original = succeeded(WorkflowKind.METADATA).result().serviceName();
        // Problems the first run has already would come back under the new name, with advice about constants
        // that does not apply: their own checks name them.
        RecordChecks first = records(WorkflowKind.METADATA);
        List<String> already = new ArrayList<>(first.ownFqnsPlaced());
        already.addAll(first.sameServiceReferences());
        if (!already.isEmpty()) {
            Assumptions.abort("skipped: the first run's records fail already (" + already.get(0) + "); fix that, then"
                    + " this check runs the workflow under another serviceName");
        }
        String renamed = original + "_renamed";
        ObjectNode root = (ObjectNode) YAML.readTree(workflowYaml().get(WorkflowKind.METADATA));
        ((ObjectNode) root.path("source")).put("serviceName", renamed);
        KitRun run = execute("renamed", YAML.writeValueAsString(root), false).run;
        run.failure().ifPresent(cause -> {
            throw new AssertionError("with serviceName '" + renamed + "' the metadata run failed: " + cause
                    + " (with '" + original + "' it succeeds)");
        });
        RecordChecks checks = new RecordChecks(renamed, run.records());
        List<String> problems = new ArrayList<>(checks.ownFqnsPlaced());
        problems.addAll(checks.sameServiceReferences());
        if (!problems.isEmpty()) {
            // Records that still name the first run's service may come from a constant, or from state kept
            // between runs (a static cache), which only this second run under another name shows.
            String repeated = checks.names(original) ? ", or a static cache/field that outlives a run: its records"
                    + " repeat the first run's service '" + original + "'" : "";
            throw new AssertionError("with serviceName '" + renamed + "' instead of '" + original + "' (build FQNs from"
                    + " WorkflowContext.serviceName(), never from a constant" + repeated + "):\n" + String.join("\n", problems));
        }
    }

    /**
     * Two runs must write the same records in the same order: the metadata-rest sink writes them in the
     * order they come, and a user who diffs two runs' NDJSON sees every record that moved as changed (a
     * golden file compares sorted lines).
     */
    private void deterministic(WorkflowKind kind) {
        succeeded(kind); // skips this check, naming the cause, when the first run failed
        KitRun again = run(kind, 2).run;
        again.failure().ifPresent(cause -> {
            throw new AssertionError("the first run of the " + kind.id() + " workflow succeeded but the second failed: "
                    + cause + "; the connector must read the same endpoint the same way twice");
        });
        fail(runsDiffer(kind));
        GoldenFiles.firstOrderDifference(GoldenFiles.stripped(succeeded(kind).lines(), volatileFields()),
                GoldenFiles.stripped(again.lines(), volatileFields())).ifPresent(moved -> {
                    throw new AssertionError("two runs of the " + kind.id() + " workflow write the same records in another"
                            + " order: " + moved + "; emit them in a stable order (sort what a listing returns, keep a"
                            + " parallel map's input order), as the metadata-rest sink writes records in the order they"
                            + " come and a diff of two runs' NDJSON shows every moved record");
                });
    }

    /**
     * The records of the kind's two runs that differ (content, not order), as one problem; none when the
     * second run failed (the determinism check names that) or the kind is declared nondeterministic.
     */
    private List<String> runsDiffer(WorkflowKind kind) {
        List<String> first = succeeded(kind).lines();
        KitRun again = run(kind, 2).run;
        if (again.failure().isPresent() || nondeterministic().containsKey(kind)) {
            return List.of();
        }
        String diff = GoldenFiles.diff(GoldenFiles.normalize(first, volatileFields()),
                GoldenFiles.normalize(again.lines(), volatileFields()));
        return diff.isEmpty() ? List.of() : List.of("two runs of the " + kind.id() + " workflow differ (first → second;"
                + " declare fields that must change in volatileFields()):\n" + diff);
    }

    private void countsAgree(WorkflowKind kind) {
        KitRun run = succeeded(kind);
        List<StepSummary> steps = run.result().steps();
        require(steps.size() >= 2, "the run report has " + steps.size() + " steps; expected the source and the sink");
        StepSummary source = steps.get(0);
        StepSummary sink = steps.get(steps.size() - 1);
        List<String> problems = new ArrayList<>();
        Optional<String> refused = run.sinkFailure();
        if (source.records() != run.lines().size() && refused.isPresent()) {
            // Not a miscount: the sink refused what the source emitted, which is the problem to name.
            problems.add("the source emitted " + source.records() + " records and " + run.lines().size() + " were written: "
                    + refused.get());
        } else if (source.records() != run.lines().size()) {
            problems.add("the source counted " + source.records() + " records but emitted " + run.lines().size());
        }
        if (sink.records() != run.lines().size()) {
            problems.add("the sink counted " + sink.records() + " records but wrote " + run.lines().size());
        }
        if (source.errors() < source.failures().size() || source.filtered() < source.filteredDetails().size()) {
            problems.add("the source lists more failures or filtered entities than it counted");
        }
        fail(problems);
    }

    private List<String> globalChanges(WorkflowKind kind) {
        List<String> changes = new ArrayList<>(ran(kind, 1).globalChanges);
        changes.addAll(ran(kind, 2).globalChanges);
        return changes.stream().distinct().toList();
    }

    /**
     * Compares the run's records with the golden file, or rewrites it from a run that succeeded and
     * wrote every record its source emitted: a failed run would replace the file with what little it
     * wrote.
     */
    private void matchesGolden(WorkflowKind kind, Path golden) {
        if (GoldenFiles.updating()) {
            Optional<String> incomplete;
            try {
                incomplete = run(kind, 1).run.incomplete();
            } catch (AssertionError e) {
                incomplete = Optional.of("could not run: " + e.getMessage());
            }
            if (incomplete.isPresent()) {
                throw new AssertionError(golden + " was not updated: the " + kind.id() + " run " + incomplete.get()
                        + "; make the run succeed, then update again");
            }
            // Records another check of this run refuses (a child before its parent, an entity twice) are no
            // reference to keep.
            Optional<Map.Entry<String, String>> refused = recordCheckFailure(kind);
            if (refused.isPresent()) {
                throw new AssertionError(golden + " was not updated: the check '" + refused.get().getKey() + "' fails on"
                        + " this run's records (" + refused.get().getValue() + "); fix that, then update again");
            }
        }
        // When another check already explains the difference, regenerating would only hide it.
        String advice = recordCheckFailure(kind).map(f -> "the check '" + f.getKey() + "' fails on these records: fix"
                + " that first, do not regenerate").orElse(null);
        GoldenFiles.assertMatches(golden, succeeded(kind).lines(), volatileFields(), advice);
    }

    /**
     * The first record check of the kind's run that fails, by its name (as in {@link #workflowChecks}),
     * with its first problem; empty when every one passes.
     */
    private Optional<Map.Entry<String, String>> recordCheckFailure(WorkflowKind kind) {
        RecordChecks records = records(kind);
        Map<String, java.util.function.Supplier<List<String>>> checks = new java.util.LinkedHashMap<>();
        checks.put("every record fits its entity's shape", records::shapes);
        checks.put("every record is an entity its service category emits",
                () -> records.outsideCategory(classpathSpec().category()));
        if (kind == WorkflowKind.METADATA) {
            checks.put("FQNs are well formed, in the service and unique", records::ownFqns);
            checks.put("references to entities of the same service resolve", records::sameServiceReferences);
        }
        checks.put("references into other services have well-formed FQNs", records::foreignFqns);
        // A record carrying a secret, even masked, is no reference to keep: the secret check's to report.
        checks.put(SECRETS_CHECK, () -> recordLeaks(succeeded(kind)));
        // Records that change from run to run (a timestamp, a random id) would differ from any golden file.
        checks.put("two runs give identical records, in the same order", () -> runsDiffer(kind));
        for (Map.Entry<String, java.util.function.Supplier<List<String>>> check : checks.entrySet()) {
            List<String> problems = check.getValue().get();
            if (!problems.isEmpty()) {
                return Optional.of(Map.entry(check.getKey(), problems.get(0)));
            }
        }
        return Optional.empty();
    }

    private void filtersHonoured() throws Exception {
        Map<String, Object> exclude = excludeEverything();
        require(!exclude.isEmpty(), "excludeEverything() gives no filter for category " + classpathSpec().category() + "; override it");
        dropsEverything("filtered", exclude);
    }

    /**
     * The filters of {@link #excludeEverything()} with {@code includes} instead: a hand-written filter
     * that consults only {@code excludes} passes that check, yet lets through every name a workflow
     * that lists what it wants (the common case) does not list.
     */
    private void includesHonoured() throws Exception {
        Map<String, Object> include = includeNothing();
        require(!include.equals(excludeEverything()), "excludeEverything() gives no filter with excludes for category "
                + classpathSpec().category() + " to turn into includes; override it");
        dropsEverything("filtered-includes", include);
    }

    /**
     * {@link #excludeEverything()} with each filter's {@code excludes} replaced by {@code includes}
     * of {@link #MATCHES_NOTHING}; other fields as they are.
     */
    private Map<String, Object> includeNothing() {
        Map<String, Object> filters = new LinkedHashMap<>();
        excludeEverything().forEach((field, value) -> filters.put(field, JSON.valueToTree(value).has("excludes")
                ? Map.of("includes", List.of(MATCHES_NOTHING)) : value));
        return filters;
    }

    /** The metadata run with these filters emits nothing, counts what it dropped and succeeds. */
    private void dropsEverything(String name, Map<String, Object> filters) throws Exception {
        // Whatever fails the unfiltered run fails this one too, with no word about filters.
        succeeded(WorkflowKind.METADATA);
        KitRun run = filteredRun(name, filters, excludeEverythingConnection());
        if (!run.lines().isEmpty()) {
            throw new AssertionError("with " + filters + " the " + run.describe() + ", e.g. " + run.lines().get(0)
                    + "; the source must apply its filter patterns (a non-empty includes lets only the names it"
                    + " matches pass, whatever excludes says: FilterPattern.rejection(name) does both)");
        }
        StepSummary source = run.result().steps().get(0);
        require(source.filtered() > 0, "with " + filters + " nothing was emitted but the filtered count is 0;"
                + " report what the filter dropped with Result.filtered(name, reason) (" + io.metaingest.api.Result.NAME_RULE
                + ")");
        require(run.result().state() == RunState.SUCCESS, "with everything filtered the " + run.describe());
    }

    private void narrowerFilterHonoured(FilterScopes.Scope scope) throws Exception {
        String field = scope.field();
        long unfiltered = succeeded(WorkflowKind.METADATA).records().stream().filter(scope::governs).count();
        require(unfiltered > 0, "the metadata run emitted no " + scope.dropsDescribed() + " this time");
        Map<String, Object> exclude = Map.of(field, Map.of("excludes", List.of(".*")));
        KitRun run = filteredRun("filtered-" + field, exclude);
        List<JsonNode> kept = run.records().stream().filter(scope::governs).toList();
        if (!kept.isEmpty()) {
            throw new AssertionError("with " + exclude + " the " + run.describe() + ", " + kept.size() + " of them "
                    + scope.dropsDescribed() + " (e.g. " + kept.get(0) + "); the source must apply " + field);
        }
        require(run.result().steps().get(0).filtered() > 0, "with " + exclude + " no " + scope.dropsDescribed()
                + " was emitted but the filtered count is 0; report what the filter dropped with Result.filtered(name, reason)"
                + " (" + io.metaingest.api.Result.NAME_RULE + ")");
    }

    /**
     * With one field excluding every name, the entities that field does not govern (its scope's kept
     * types) are the same, by type and key, as in the unfiltered run: a source that drops a schema's
     * tables along with its stored procedures, or every dashboard with its charts, honours the filter
     * by ingesting less than the user asked for.
     */
    private void narrowerFilterKeeps(FilterScopes.Scope scope) throws Exception {
        String field = scope.field();
        Set<String> before = identities(succeeded(WorkflowKind.METADATA).records(), scope);
        Map<String, Object> exclude = Map.of(field, Map.of("excludes", List.of(".*")));
        KitRun run = filteredRun("filtered-" + field, exclude);
        Set<String> after = identities(run.records(), scope);
        List<String> problems = new ArrayList<>();
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        Set<String> gained = new TreeSet<>(after);
        gained.removeAll(before);
        if (!lost.isEmpty()) {
            problems.add("with " + exclude + " the source also dropped " + lost.size() + " entities " + field
                    + " does not govern: " + shown(lost) + "; " + field + " drops " + scope.dropsDescribed()
                    + " only, and must leave " + scope.keptDescribed() + " as they are");
        }
        if (!gained.isEmpty()) {
            problems.add("with " + exclude + " the source emitted " + gained.size() + " entities the unfiltered run did"
                    + " not: " + shown(gained));
        }
        fail(problems);
    }

    private static Set<String> identities(List<JsonNode> records, FilterScopes.Scope scope) {
        Set<String> ids = new TreeSet<>();
        records.stream().filter(scope::keeps).forEach(r -> ids.add(Entities.identity(r).orElse(r.toString())));
        return ids;
    }

    private static String shown(Set<String> ids) {
        List<String> list = new ArrayList<>(ids);
        return String.join(", ", list.subList(0, Math.min(SHOWN_FAILURES, list.size())))
                + (list.size() > SHOWN_FAILURES ? ", … (" + (list.size() - SHOWN_FAILURES) + " more)" : "");
    }

    /**
     * With filters that drop every name of what they filter, the source warns, for one of the fields,
     * as {@link io.metaingest.api.AppliedFilter#noneLetThrough()} words it: without it a user whose
     * pattern has a typo sees a run that succeeds with nothing ingested and no word why.
     */
    private void warnsNoneLetThrough(String name, Map<String, Object> filters) throws Exception {
        require(!filters.isEmpty(), "excludeEverything() gives no filter for category " + classpathSpec().category()
                + "; override it");
        succeeded(WorkflowKind.METADATA);
        KitRun run = filteredRun(name, filters, excludeEverythingConnection());
        if (!run.lines().isEmpty()) {
            // The filter is not applied at all: the check that it is honoured says so, once.
            Assumptions.abort("skipped: with " + filters + " the source let records through");
        }
        requireNoneLetThroughWarning(run, filters, new TreeSet<>(filters.keySet()));
    }

    /** {@link #warnsNoneLetThrough} for one filter field, when the workflow reads what it governs. */
    private void narrowerFilterWarns(FilterScopes.Scope scope) throws Exception {
        String field = scope.field();
        succeeded(WorkflowKind.METADATA);
        Map<String, Object> exclude = Map.of(field, Map.of("excludes", List.of(".*")));
        KitRun run = filteredRun("filtered-" + field, exclude);
        if (run.records().stream().anyMatch(scope::governs)) {
            // The filter is not applied at all: the check that it is honoured says so, once.
            Assumptions.abort("skipped: with " + exclude + " the source let records through");
        }
        requireNoneLetThroughWarning(run, exclude, Set.of(field));
    }

    private static void requireNoneLetThroughWarning(KitRun run, Map<String, Object> filters, Set<String> fields) {
        StepSummary source = run.result().steps().get(0);
        List<String> warnings = source.warningDetails();
        boolean warned = fields.stream().anyMatch(field -> warnings.stream().anyMatch(w -> w.startsWith(
                io.metaingest.api.AppliedFilter.SOURCE_CONFIG_PATH + "." + field + ": let none of the ")));
        if (!warned && source.warnings() > warnings.size()) {
            // The report keeps the first warnings only; the one looked for may be among the others.
            Assumptions.abort("skipped: with " + filters + " the source gave " + source.warnings() + " warnings, of"
                    + " which the run report keeps " + warnings.size() + " and none is the one looked for");
        }
        String field = fields.iterator().next();
        require(warned, "with " + filters + " the source let nothing through but gave no warning '"
                + io.metaingest.api.AppliedFilter.SOURCE_CONFIG_PATH + "." + String.join("|", fields)
                + ": let none of the N … through' (its warnings: " + warnings + "); apply each filter through"
                + " AppliedFilter.of(\"" + field + "\", …, config." + field + "()) and end the source's stream with"
                + " its noneLetThrough(), or a user whose pattern has a typo sees a successful run with nothing ingested"
                + " (ask it about each name once: includes() and rejection() count every call)");
    }

    /**
     * The metadata workflow run with the given source-config fields set, once per name (the check that
     * a filter is honoured and the one that it warns look at the same run); fails when that run fails.
     */
    private KitRun filteredRun(String name, Map<String, Object> filters) throws Exception {
        return filteredRun(name, filters, Map.of());
    }

    /** The metadata run with {@code filters} set in its source config and {@code connectionFields} in its connection. */
    private KitRun filteredRun(String name, Map<String, Object> filters, Map<String, Object> connectionFields)
            throws Exception {
        if (memo.containsKey("filtered run " + name)) {
            return (KitRun) memo.get("filtered run " + name);
        }
        KitRun run = freshFilteredRun(name, filters, connectionFields);
        memo.put("filtered run " + name, run);
        return run;
    }

    private KitRun freshFilteredRun(String name, Map<String, Object> filters, Map<String, Object> connectionFields)
            throws Exception {
        ObjectNode root = (ObjectNode) YAML.readTree(workflowYaml().get(WorkflowKind.METADATA));
        ObjectNode sourceConfig = (ObjectNode) root.path("source").path("sourceConfig").path("config");
        filters.forEach((k, v) -> sourceConfig.set(k, JSON.valueToTree(v)));
        ObjectNode connection = (ObjectNode) root.path("source").path("serviceConnection").path("config");
        connectionFields.forEach((k, v) -> connection.set(k, JSON.valueToTree(v)));
        KitRun run = execute(name, YAML.writeValueAsString(root), false).run;
        run.failure().ifPresent(cause -> {
            throw new AssertionError("with " + filters + " the metadata run failed: " + cause
                    + " (without the filters it succeeds); a source must end normally when it filters everything out");
        });
        return run;
    }

    private void unreachableFails() throws Exception {
        Map<String, Object> unreachable = unreachableConnection();
        require(!unreachable.isEmpty(), "the connection schema has no hostPort; override unreachableConnection() with"
                + " connection fields that point at an endpoint that does not answer");
        ObjectNode root = (ObjectNode) YAML.readTree(workflowYaml().get(WorkflowKind.METADATA));
        ObjectNode connection = (ObjectNode) root.path("source").path("serviceConnection").path("config");
        unreachable.forEach((k, v) -> connection.set(k, JSON.valueToTree(v)));
        Path file = kitDir.resolve("unreachable.yaml");
        YAML.writeValue(file.toFile(), root);
        List<String> changes = new ArrayList<>();
        try {
            ConnectionTestResult passed = testConnection("test-connection with the unreachable endpoint", file, changes);
            throw new AssertionError("test-connection with " + unreachable + " passed: " + passed.passed());
        } catch (ExecutionException e) {
            require(e.getCause() instanceof ConnectionException, "test-connection with " + unreachable
                    + " failed with " + e.getCause() + " instead of a ConnectionException");
        } catch (TimeoutException e) {
            throw new AssertionError("test-connection with " + unreachable + " did not fail within "
                    + BoundedRun.shown(connectionFailureBound()) + "; set connect and read timeouts");
        }
        changedState("test-connection", changes).ifPresent(change -> {
            throw new AssertionError(change);
        });
    }

    /**
     * The tester against the endpoint the metadata run reads: a tester that fails there (its check
     * inverted, a library its plugin folder lacks) would pass the unreachable check alone.
     */
    private void reachablePasses() throws Exception {
        // Run whether or not the metadata run succeeded (a source whose constructor throws says nothing about
        // the tester); only when both fail is it skipped, as the run's cause may be the tester's too.
        Optional<String> runFailed = ran(WorkflowKind.METADATA, 1).run.failure();
        List<String> changes = new ArrayList<>();
        try {
            testConnection("test-connection with the metadata workflow's connection", workflowFile(WorkflowKind.METADATA),
                    changes);
        } catch (ExecutionException e) {
            if (runFailed.isPresent()) {
                Assumptions.abort("skipped: test-connection with the metadata workflow's connection failed ("
                        + io.metaingest.api.StepError.oneLine(e.getCause()) + "), and so did the metadata run ("
                        + runFailed.get() + "); make the run succeed, then this check judges the tester");
            }
            throw new AssertionError("test-connection with the metadata workflow's connection failed, though its run"
                    + " succeeds: " + io.metaingest.runtime.registry.PluginClassLoader.missingClass(e.getCause())
                    .orElseGet(() -> io.metaingest.api.StepError.oneLine(e.getCause()))
                    + "; the connection tester must pass where the connector can read", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("test-connection with the metadata workflow's connection did not end within "
                    + BoundedRun.shown(connectionFailureBound()) + (runFailed.isPresent() ? "" : ", though its run succeeds"));
        }
        changedState("test-connection", changes).ifPresent(change -> {
            throw new AssertionError(change);
        });
    }

    /**
     * The runtime's test-connection of a workflow file, given {@link #connectionFailureBound()} to end;
     * what it changed in the JVM goes to {@code changes} and is put back, and what it printed, logged,
     * returned or threw is kept, as {@code subject}, for the secret check.
     */
    private ConnectionTestResult testConnection(String subject, Path file, List<String> changes)
            throws ExecutionException, TimeoutException, InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kit-test-connection");
            t.setDaemon(true);
            return t;
        });
        Map<String, String> told = new LinkedHashMap<>();
        PrintedCapture captured = null;
        try {
            Metaingest runtime = runtime(); // here: a plugin that could not be packed is not the tester's failure
            captured = PrintedCapture.start();
            ConnectionTestResult result = GlobalState.guarded(changes, () -> executor.submit(() -> runtime.testConnection(file))
                    .get(connectionFailureBound().toMillis(), TimeUnit.MILLISECONDS));
            told.put("result", String.join("\n", result.passed()));
            return result;
        } catch (ExecutionException e) {
            told.put("error", String.valueOf(e.getCause()));
            throw e;
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // guarded() declares Exception; get() throws only the above
        } finally {
            executor.shutdownNow();
            if (captured != null) {
                captured.close();
                told.putAll(captured.places());
                connectionTests.add(new TestedConnection(subject, told, secretsOf(file)));
            }
        }
    }

    /** What a connection test showed, by place, and the secrets of its workflow. */
    private record TestedConnection(String subject, Map<String, String> told, List<String> secrets) {
    }

    /** The secret values of a workflow file: what its schemas mark, and any {@link Canary} it sets. */
    private List<String> secretsOf(Path file) {
        Set<String> secrets = new java.util.LinkedHashSet<>();
        try {
            secrets.addAll(runtime().load(file).secrets());
            String text = Files.readString(file);
            Canary.all().stream().filter(text::contains).forEach(secrets::add);
        } catch (InvalidConfigException | IOException e) {
            // a file that does not load shows nothing of the tester; the check that loaded it says why
        }
        return List.copyOf(secrets);
    }

    // ---------------------------------------------------------------- state

    /** A run and what was measured around it. */
    private record Measured(KitRun run, List<String> globalChanges, List<String> leftBehind) {
    }

    /** A run, or why it could not start; kept so that every check sees the same outcome. */
    private record Attempt(Measured measured, String notRun, Exception cause) {
        Measured get() {
            if (measured == null) {
                throw new AssertionError(notRun, cause);
            }
            return measured;
        }
    }

    /** The {@code attempt}-th run of a kind (1 or 2), run once; fails when the workflow could not run. */
    private Measured run(WorkflowKind kind, int attempt) {
        if (attempt == 2) {
            run(kind, 1);
        }
        Attempt outcome = memo("run " + kind + " " + attempt, () -> {
            try {
                return new Attempt(execute(kind.id() + "-" + attempt, workflowYaml().get(kind), attempt == 2), null, null);
            } catch (org.opentest4j.TestAbortedException e) {
                throw e; // the kit could not set up what the run needs: reported once, elsewhere
            } catch (Exception e) {
                return new Attempt(null, "the " + kind.id() + " workflow could not run: " + e.getMessage(), e);
            }
        });
        return outcome.get();
    }

    /**
     * Like {@link #run}, for a check that judges a failed run too but has nothing to judge when the
     * workflow could not run: that check is skipped, as "a run emits records" reports the cause.
     */
    private Measured ran(WorkflowKind kind, int attempt) {
        try {
            return run(kind, attempt);
        } catch (AssertionError e) {
            return Assumptions.abort("skipped: " + e.getMessage());
        }
    }

    /**
     * The first run of a kind for a check that needs its records: skips the check when the run
     * failed, since it would only repeat the failure with advice that presumes a successful run.
     */
    private KitRun succeeded(WorkflowKind kind) {
        KitRun run = ran(kind, 1).run;
        run.failure().ifPresent(cause -> Assumptions.abort("skipped: the " + kind.id() + " run failed: " + cause));
        return run;
    }

    private Measured execute(String name, String yaml, boolean measureLeaks) throws Exception {
        return execute(name, yaml, measureLeaks, Kept.SOURCE);
    }

    /** The steps after the source that a kit run keeps of the author's workflow. */
    private enum Kept {
        /** None: the source into the kit's file sink. */
        SOURCE(),
        /** The processor, into the kit's file sink. */
        PROCESSOR("processor"),
        /**
         * Processor, stage and bulk sink, as the author wrote them; OpenMetadata's {@code table-usage}
         * and {@code metadata-usage} of the runtime stage in the kit's folder and write NDJSON into
         * the kit's file instead of calling a server.
         */
        CHAIN("processor", "stage", "bulkSink");

        /** The workflow keys of the steps kept. */
        final List<String> roles;

        Kept(String... roles) {
            this.roles = List.of(roles);
        }
    }

    /**
     * The steps a kit run keeps after the source, by class, each named as messages name it ({@code
     * processor 'acme-tagger' (com.acme.AcmeTagger)}): the source's thread runs them too, so a wait in
     * one of them is blamed on it.
     */
    private static Map<Class<?>, String> stepsAfterSource(LoadedWorkflow loaded, ObjectNode root, Kept kept) {
        Map<Class<?>, String> steps = new LinkedHashMap<>();
        Map<String, Optional<? extends io.metaingest.runtime.config.StepConfig<?>>> byRole = Map.of(
                "processor", loaded.processor(), "stage", loaded.stage(), "bulkSink", loaded.bulkSink());
        for (String role : kept.roles) {
            byRole.get(role).ifPresent(step -> {
                Class<?> type = step.step().spec().stepClass();
                steps.put(type, role + " '" + root.path(role).path("type").asText() + "' (" + type.getName() + ")");
            });
        }
        return steps;
    }

    /**
     * Runs a workflow with the steps {@code kept}, into the kit's file sink unless it keeps the
     * chain; the run joins {@link #runs}.
     */
    private Measured execute(String name, String yaml, boolean measureLeaks, Kept kept) throws Exception {
        Path dir = Files.createDirectories(kitDir.resolve(name));
        ObjectNode root = (ObjectNode) YAML.readTree(yaml);
        String sourceType = root.path("source").path("type").asText();
        if (hung.containsKey(sourceType)) {
            throw new AssertionError("not run, as each run of source type '" + sourceType + "' would wait as long: "
                    + hung.get(sourceType));
        }
        // A step after the source that did not end in an earlier run: a run without it is still worth doing.
        for (String role : kept.roles) {
            String key = role + " '" + root.path(role).path("type").asText() + "'";
            if (root.path(role).isObject() && hung.containsKey(key)) {
                throw new AssertionError("not run, as it would run " + hung.get(key) + ", which did not end in an earlier"
                        + " run (the check that ran it says where it waited)");
            }
        }
        Path out = dir.resolve("records.ndjson");
        String replacedSink = kept == Kept.CHAIN ? null : root.path("sink").path("type").asText(null);
        switch (kept) {
            case SOURCE -> root.remove(List.of("processor", "stage", "bulkSink"));
            case PROCESSOR -> root.remove(List.of("stage", "bulkSink"));
            case CHAIN -> root.remove("sink");
        }
        if (kept == Kept.CHAIN) {
            Path staged = dir.resolve("staged");
            redirect(root, "stage", RUNTIME_STAGE, Map.of("filename", staged.toString()));
            redirect(root, "bulkSink", RUNTIME_BULK_SINK, Map.of("filename", staged.toString(), "path", out.toString()));
        } else {
            root.set("sink", JSON.valueToTree(Map.of("type", "file", "config", Map.of("path", out.toString()))));
        }
        Path file = dir.resolve("workflow.yaml");
        YAML.writeValue(file.toFile(), root);
        LoadedWorkflow loaded = runtime().load(file);
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // Attached before the JVM's state is captured and detached after it is compared: the kit's, not the connector's.
        // Apart, so that a leak is reported with the stream it went to.
        PrintedCapture captured = PrintedCapture.start();
        GlobalState global = GlobalState.capture();
        JvmFootprint footprint = JvmFootprint.now();
        RunResult result;
        List<String> changes;
        try {
            PrintStream consoleStream = new PrintStream(console, true, StandardCharsets.UTF_8);
            Metaingest runtime = runtime();
            result = bounded(BoundedRun.Task.run(name, stepsAfterSource(loaded, root, kept)),
                    () -> JvmFootprint.marked(() -> RuntimeAccess.run(runtime, loaded, report, consoleStream)));
        } catch (BoundedRun.Expired e) {
            if (e.stepAtWork().isEmpty()) {
                hung.put(sourceType, e.getMessage());
            } else {
                String step = e.stepAtWork().get();
                hung.put(step.substring(0, step.indexOf(" (")), step);
            }
            throw e;
        } finally {
            System.out.flush();
            System.err.flush();
            changes = global.changesSince();
            global.restore();
            captured.close();
        }
        List<String> left = measureLeaks ? JvmFootprint.leftBehind(footprint, Duration.ofSeconds(5), leftRunning) : List.of();
        List<String> lines = Files.exists(out) ? Files.readAllLines(out, StandardCharsets.UTF_8) : List.of();
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            records.add(JSON.readTree(line));
        }
        Map<String, String> printed = new LinkedHashMap<>();
        printed.put("run report", Files.exists(report) ? Files.readString(report) : "");
        printed.put("console", console.toString(StandardCharsets.UTF_8));
        printed.putAll(captured.places());
        // A canary in the workflow is a secret even in a field the schema leaves unmarked (the runtime knows only the marked).
        Set<String> secrets = new java.util.LinkedHashSet<>(loaded.secrets());
        Canary.all().stream().filter(yaml::contains).forEach(secrets::add);
        KitRun run = new KitRun(name, result, lines, records, printed, List.copyOf(secrets), replacedSink);
        runs.add(run);
        return new Measured(run, changes, left);
    }

    /** The spec as found on the test class path (to locate the module to pack). */
    private ServiceSpec classpathSpec() {
        return memo("spec", () -> {
            ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), null);
            return registry.find(serviceType()).filter(l -> !l.viaFormerName()).map(ServiceSpecRegistry.Lookup::spec)
                    .orElseThrow(() -> new AssertionError("no connector with service type '" + serviceType()
                            + "' on the test class path (a public ServiceSpec with a public no-arg constructor in a"
                            + " folder or jar carrying " + ServiceSpec.MARKER_RESOURCE + ")"
                            + (registry.problems().isEmpty() ? "" : "; discovery reported: " + registry.problems())
                            + specsFound(registry)));
        });
    }

    /**
     * The spec the kit test most likely meant (a typo of its service type, by the runtime's did-you-mean),
     * else the specs the class path has, with the fix.
     */
    private String specsFound(ServiceSpecRegistry registry) {
        Map<String, String> classes = new LinkedHashMap<>();
        registry.specs().forEach(r -> classes.put(r.spec().serviceType(), r.spec().getClass().getName()));
        if (classes.isEmpty()) {
            return "";
        }
        String fix = ": make the kit test's serviceType() return the spec's serviceType()";
        Optional<String> meant = io.metaingest.runtime.config.Suggestions.closest(serviceType(), classes.keySet());
        if (meant.isPresent()) {
            return "; did you mean " + meant.get() + " (" + classes.get(meant.get()) + ")?" + fix.substring(1);
        }
        int shown = 5;
        List<String> found = classes.entrySet().stream().limit(shown).map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        return "; it has " + String.join(", ", found) + (classes.size() > shown ? " and " + (classes.size() - shown)
                + " more" : "") + fix;
    }

    /**
     * The packed plugin folder. When it cannot be packed (the class-path list missing, say), the first
     * check that needs it fails with the cause and every later one is skipped naming it: the same
     * cause reported by each check that needs the plugin buries it.
     */
    private PluginFolder plugin() {
        Object packed = memo("plugin", () -> {
            try {
                return PluginFolder.pack(PluginFolder.location(classpathSpec().getClass()), runtimeClasspath(),
                        kitDir.resolve("plugins"), serviceType().toLowerCase(Locale.ROOT));
            } catch (IOException e) {
                return new AssertionError("cannot pack the plugin folder: " + e.getMessage(), e);
            } catch (AssertionError e) {
                return e;
            }
        });
        if (packed instanceof AssertionError cause) {
            if (memo.put("plugin failure reported", true) == null) {
                throw cause;
            }
            return Assumptions.abort("skipped: the plugin folder could not be packed (reported once, by the first check"
                    + " that needed it): " + cause.getMessage().lines().findFirst().orElse(""));
        }
        return (PluginFolder) packed;
    }

    private ServiceSpecRegistry pluginRegistry() {
        return memo("pluginRegistry", () -> ServiceSpecRegistry.discover(
                plugin().hidingParent(getClass().getClassLoader()), plugin().pluginsDir()));
    }

    /** The spec loaded from the plugin folder (the class path's when the plugin could not provide it). */
    private ServiceSpec pluginSpec() {
        return pluginRegistry().find(serviceType()).map(ServiceSpecRegistry.Lookup::spec).orElse(classpathSpec());
    }

    private Metaingest runtime() {
        return memo("runtime", () -> RuntimeAccess.runtime(
                pluginRegistry().find(serviceType()).isPresent() ? pluginRegistry() : ServiceSpecRegistry.of(classpathSpec())));
    }

    private Map<WorkflowKind, String> workflowYaml() {
        return memo("workflows", () -> {
            try {
                Map<WorkflowKind, String> given = workflows();
                require(given != null && given.containsKey(WorkflowKind.METADATA), "workflows() must give a metadata workflow");
                return given;
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("workflows() threw " + e, e);
            }
        });
    }

    private Path workflowFile(WorkflowKind kind) {
        return memo("file " + kind, () -> RuntimeSteps.write(kitDir, kind.id() + ".yaml", workflowYaml().get(kind)));
    }

    private JsonNode schemaJson() {
        return memo("schema", () -> SchemaChecks.read(classpathSpec()));
    }

    private boolean hasConnectionProperty(String name) {
        return schemaJson().path("properties").has(name);
    }

    @SuppressWarnings("unchecked")
    private <T> T memo(String key, Supplier<T> compute) {
        if (!memo.containsKey(key)) {
            memo.put(key, compute.get());
        }
        return (T) memo.get(key);
    }

    // ---------------------------------------------------------------- reporting

    /**
     * A check named {@code name}; its failure message starts with {@code [name]}, as Surefire's console
     * summary names a dynamic test only by its position.
     */
    private DynamicNode check(String name, Executable body) {
        // The runtime names the plugin by the kit's temporary folder; the author knows their artifact.
        return check(name, body, message -> memo.get("plugin") instanceof PluginFolder plugin ? plugin.told(message) : message);
    }

    /** A check named {@code name} whose failure message, {@code told} as the author knows it, starts with {@code [name]}. */
    static DynamicNode check(String name, Executable body, java.util.function.UnaryOperator<String> told) {
        return dynamicTest(name, () -> {
            try {
                body.execute();
            } catch (AssertionError e) {
                AssertionError named = new AssertionError("[" + name + "] " + told.apply(e.getMessage()), e.getCause());
                named.setStackTrace(e.getStackTrace());
                throw named;
            } catch (BoundedRun.Expired e) {
                // A run that did not end is the connector's failure, named like any other, not an error of the kit.
                AssertionError named = new AssertionError("[" + name + "] " + told.apply(e.getMessage()));
                named.setStackTrace(e.getStackTrace());
                throw named;
            }
        });
    }

    private DynamicNode capability(Capability capability, String name, Executable body) {
        return capabilities().contains(capability) ? check(name, body)
                : notApplicable(name, "capability " + capability + " is not declared");
    }

    static DynamicNode notApplicable(String name, String reason) {
        return dynamicTest(name + " — not applicable: " + reason, () -> { });
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new AssertionError(problem);
        }
    }

    static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
