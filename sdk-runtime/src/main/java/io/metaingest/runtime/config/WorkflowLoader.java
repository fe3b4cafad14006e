package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaingest.api.BulkSink;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Processor;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.SettingProblem;
import io.metaingest.api.Sink;
import io.metaingest.api.Source;
import io.metaingest.api.Stage;
import io.metaingest.api.StepError;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.registry.ConnectorSources;
import io.metaingest.runtime.registry.RegisteredSpec;
import io.metaingest.runtime.registry.RegisteredStep;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.SpecSchemas;
import io.metaingest.runtime.registry.StepKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads, substitutes, validates and binds a workflow file. Every problem found is reported at once
 * in an {@link InvalidConfigException}; nothing is bound while problems remain.
 */
public final class WorkflowLoader {

    private static final String WORKFLOW_SCHEMA = "/schemas/workflow.json";
    private static final String CONNECTION = ConnectionPath.PREFIX;
    private static final String SOURCE_CONFIG = "source.sourceConfig.config";
    private static final String REWRITES = " (`" + RetiredField.MIGRATE_COMMAND + "` rewrites it)";
    /** The longest filter pattern accepted, in characters. */
    static final int MAX_PATTERN = 1000;

    private final ServiceSpecRegistry registry;
    private final ObjectMapper mapper;
    private final EnvSubstitution substitution;
    private final ServerConnections serverConnections;
    /** The runtime's source of test suite workflows; null in a runtime without one. */
    private final Class<? extends Source<?>> testSuiteSource;
    /** Whether an unset {@code ${VAR}} is a warning (its value left unchecked) rather than a problem. */
    private final boolean missingVariablesAllowed;

    /**
     * Creates a loader that requires {@code source.serviceConnection}.
     *
     * @param registry the known connectors and step types
     * @param mapper the mapper used to bind records
     * @param environment environment variables for {@code ${VAR}} ({@code System::getenv})
     */
    public WorkflowLoader(ServiceSpecRegistry registry, ObjectMapper mapper, Function<String, String> environment) {
        this(registry, mapper, environment, ServerConnections.NONE);
    }

    /** Creates a loader that reads an absent {@code source.serviceConnection} with {@code serverConnections}. */
    public WorkflowLoader(ServiceSpecRegistry registry, ObjectMapper mapper, Function<String, String> environment,
                          ServerConnections serverConnections) {
        this.registry = registry;
        this.mapper = mapper;
        this.substitution = new EnvSubstitution(environment);
        this.serverConnections = serverConnections;
        this.testSuiteSource = null;
        this.missingVariablesAllowed = false;
    }

    private WorkflowLoader(WorkflowLoader base, Class<? extends Source<?>> testSuiteSource, boolean missingVariablesAllowed) {
        this.registry = base.registry;
        this.mapper = base.mapper;
        this.substitution = base.substitution;
        this.serverConnections = base.serverConnections;
        this.testSuiteSource = testSuiteSource;
        this.missingVariablesAllowed = missingVariablesAllowed;
    }

    /**
     * This loader, taking an unset {@code ${VAR}} (without a default) for a warning instead of a problem, for
     * checking a workflow where its secrets are not set (CI). The value such a variable stands for is not
     * checked: what the schema or the connector says of the empty text left in its place is not reported.
     * A workflow loaded this way is for checking, not for running.
     */
    public WorkflowLoader allowingMissingVariables() {
        return new WorkflowLoader(this, testSuiteSource, true);
    }

    /**
     * This loader, loading test suite workflows ({@code source.type: testsuite}) to run with
     * {@code source}: they belong to no connector, so the runtime brings their source.
     */
    public WorkflowLoader withTestSuiteSource(Class<? extends Source<?>> source) {
        return new WorkflowLoader(this, source, missingVariablesAllowed);
    }

    /** Loads a workflow to run: a sink (or a stage and a bulk sink) is required. */
    public LoadedWorkflow load(Path file) throws InvalidConfigException {
        return load(Document.of(file), true, Set.of());
    }

    /**
     * Loads a workflow to run from YAML (or JSON) text held in memory, with every check a file gets.
     * The container mode reads its workflow from an environment variable this way, so the workflow
     * (which may hold a token) is never written to disk.
     *
     * @param name what problems name instead of a file (as {@code name:line:column})
     * @param text the workflow's text
     */
    public LoadedWorkflow load(String name, String text) throws InvalidConfigException {
        return load(new Document(name, ConfigFileReader.check(name, text, true), false), true, Set.of());
    }

    /** Loads a workflow for {@code test-connection}: steps other than the source are not required. */
    public LoadedWorkflow loadForConnectionTest(Path file) throws InvalidConfigException {
        return load(Document.of(file), false, Set.of());
    }

    /** A workflow's text, the name problems give it, and whether it is read as JSON (else YAML). */
    private record Document(String name, String text, boolean json) {
        static Document of(Path file) throws InvalidConfigException {
            boolean json = isJson(file);
            return new Document(file.toString(), ConfigFileReader.read(file, !json), json);
        }
    }

    /** Loads {@code document}, the values at {@code strings} kept text where a variable's value reads as a number. */
    private LoadedWorkflow load(Document document, boolean requireSink, Set<String> strings) throws InvalidConfigException {
        Parsed parsed = parse(document);
        try {
            return load(document, parsed, requireSink, strings);
        } catch (InvalidConfigException e) {
            // The report of the refused run keeps its service, id and threshold (substituted in place by then),
            // and hides its secrets as a run's report does.
            throw e.knowing(KnownRun.of(parsed.root())).masking(refusedMasker(parsed.root()));
        }
    }

    private LoadedWorkflow load(Document document, Parsed parsed, boolean requireSink, Set<String> strings)
            throws InvalidConfigException {
        JsonNode root = parsed.root();
        Set<String> quoted = new HashSet<>(parsed.quoted());
        quoted.addAll(strings);
        EnvSubstitution.Substituted substituted = substitution.substitute(root, quoted);
        List<ConfigProblem> unsetVariables = substituted.problems();
        List<ConfigProblem> problems = new ArrayList<>(missingVariablesAllowed ? List.of() : unsetVariables);
        List<String> warnings = new ArrayList<>(substituted.warnings());
        Set<String> unchecked = new HashSet<>();
        if (missingVariablesAllowed) {
            for (ConfigProblem unset : unsetVariables) {
                unchecked.add(unset.path());
                warnings.add(unset.path() + ": " + unset.message().replaceFirst(";.*", "")
                        + ", so its value was not checked");
            }
        }
        TestSuiteServices suites = new TestSuiteServices(registry);
        // A suite written as the server writes it is checked as the suite it is rewritten to: the lines about its
        // connection name the paths of the file (source.serviceConnection), not those of the rewritten tree.
        boolean serverStyle = suites.asSuiteOfItsService(root).map(warnings::add).orElse(false);
        SuiteServicesFromTables.listFromTables(root).ifPresent(warnings::add);
        try {
            problems.addAll(SchemaValidator.validate(root, SpecSchemas.read(WORKFLOW_SCHEMA, getClass()), "", "workflow"));

            JsonNode source = root.path("source");
            boolean testSuite = TestSuiteServices.isTestSuite(source);
            ConnectionOrigin connectionOrigin = ConnectionOrigin.FILE;
            if (!testSuite && source instanceof ObjectNode sourceNode && !source.has("serviceConnection")
                    && source.path("type").isTextual()) {
                if (problems.isEmpty()) {
                    connectionOrigin = connectionFromServer(root, sourceNode, problems, warnings);
                } else {
                    // A file with problems of its own is not sent to the server (a misspelt serviceConnection
                    // would read as absent): its problems are what the user fixes first, and the exit says so.
                    problems.add(new ConfigProblem("source.serviceConnection", "missing; once the other problems"
                            + " are fixed it is read from the OpenMetadata server (workflowConfig.openMetadataServerConfig)"));
                }
            }
            Optional<SourceConfigType> configType = resolveSourceConfigType(source, problems);
            List<TestSuiteServices.Listed> suiteServices = List.of();
            Optional<RegisteredSpec> spec;
            Class<? extends Source<?>> sourceClass = null;
            if (testSuite) {
                Map<String, ConnectionOrigin> fromServer = suiteConnectionsFromServer(root, source, problems, warnings);
                suiteServices = suites.check(source, fromServer, problems, warnings);
                // Each listed connector's own schema/record mismatches, once, as a metadata workflow's connector gets them.
                suiteServices.stream().map(TestSuiteServices.Listed::spec).distinct().forEach(found ->
                        registry.connectionProblems(found, mapper).forEach(p -> warnings.add(p.toString())));
                if (serverStyle) {
                    suiteServices = suiteServices.stream().map(TestSuiteServices.Listed::asWritten).toList();
                }
                spec = testSuiteSpec(configType, requireSink, root, problems);
                sourceClass = testSuiteSource;
                problems.addAll(TestCaseNames.duplicates(root));
                problems.addAll(TestDefinitionChecks.problems(root, suiteServices));
            } else {
                spec = resolveSpec(source, problems, warnings);
                // The connector's own schema/record mismatches, once per workflow: a value it would ignore, a secret it would log.
                spec.ifPresent(found -> registry.connectionProblems(found, mapper).forEach(p -> warnings.add(p.toString())));
                if (spec.isPresent() && configType.isPresent()) {
                    sourceClass = checkKind(spec.get().spec(), configType.get(), source.path("type").asText(""),
                            connectionTypeWasFormer(warnings), problems, warnings);
                }
                JsonNode connection = source.path("serviceConnection").path("config");
                if (spec.isPresent() && connection.isObject()) {
                    problems.addAll(SchemaValidator.validate(connection, SpecSchemas.connectionSchema(spec.get().spec()), CONNECTION,
                            spec.get().spec().serviceType()));
                }
            }
            if (configType.isPresent()) {
                JsonNode sourceConfig = source.path("sourceConfig").path("config");
                problems.addAll(SchemaValidator.validate(sourceConfig,
                        SpecSchemas.read("/schemas/sourceConfig/" + configType.get().typeName() + ".json", getClass()),
                        SOURCE_CONFIG, configType.get().typeName()));
                problems.addAll(filterPatternProblems(sourceConfig, SOURCE_CONFIG));
                ignoredExcludes(sourceConfig, SOURCE_CONFIG, warnings);
                emptyPatterns(sourceConfig, SOURCE_CONFIG, warnings);
            }
            // A connection the server could not give leaves the connector source.type names: its own steps
            // (orm-profiler) are no second problem.
            String serviceType = spec.map(r -> r.spec().serviceType()).or(() -> testSuite || source.has("serviceConnection")
                    ? Optional.empty() : connectorNamedBy(source).map(l -> l.spec().serviceType())).orElse(null);
            Optional<StepConfig<Processor<Object, ?>>> processor = step(root, StepKind.PROCESSOR, serviceType, configType, problems);
            Optional<StepConfig<Sink<Object>>> sink = step(root, StepKind.SINK, serviceType, configType, problems);
            Optional<StepConfig<Stage<Object>>> stage = step(root, StepKind.STAGE, serviceType, configType, problems);
            Optional<StepConfig<BulkSink<?>>> bulkSink = step(root, StepKind.BULK_SINK, serviceType, configType, problems);
            if (requireSink) {
                checkWriters(root, problems);
            }
            OutputSteps outputs = outputSteps(sink, stage, bulkSink, unsetVariables);
            if ((document.json() || !substituted.structured().isEmpty()) && strings.isEmpty()) {
                // In JSON a variable is always inside a string, which OpenMetadata's substitution in the text keeps
                // one; a number where one is wanted ("${PORT}") is taken as one. So where a string is wanted, it stays one.
                // So does a value that read as a list or mapping in YAML: a password may well be "{abc}" or "[x]".
                // And a number or boolean inside such a list or mapping: the variable's text is all the user could quote.
                Set<String> wanted = problems.stream().filter(p -> p.message().startsWith("must be a string")
                        && (substituted.typedFrom().containsKey(p.path())
                                && (document.json() || substituted.structured().contains(p.path()))
                            || substituted.structured().stream().anyMatch(s -> p.path().startsWith(s + "[")
                                || p.path().startsWith(s + "."))))
                        .map(ConfigProblem::path).collect(Collectors.toSet());
                if (!wanted.isEmpty()) {
                    return load(document, requireSink, wanted);
                }
            }
            if (!problems.isEmpty() && !testSuite && spec.isPresent()) {
                problems.addAll(settingProblemsBesides(spec.get().spec(), source, configType, problems));
            }
            if (!problems.isEmpty()) {
                problems.replaceAll(misplaced(testSuite ? Optional.empty() : spec, configType)::placed);
            }
            problems.removeIf(p -> under(p.path(), unchecked));
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(connectionOrigin.locatedProblems(
                        dedupe(emptied(unquoted(problems, substituted), substituted), unsetVariables)), false, warnings)
                        .withOutputs(outputs);
            }
            if (!unchecked.isEmpty()) {
                // The empty text an unset variable left may not bind (a port): bound without it, as if not written.
                ConfigPaths.rewrite(root, "", unchecked, value -> null);
            }

            RegisteredSpec registered = spec.orElseThrow();
            SourceConfigType type = configType.orElseThrow();
            Object connection = testSuite ? TestSuiteServices.bind(suiteServices, mapper, problems)
                    : bind(source.path("serviceConnection").path("config"), registered.spec().connectionType(), CONNECTION,
                    problems);
            Record sourceConfig = (Record) bind(source.path("sourceConfig").path("config"), type.recordType(),
                    SOURCE_CONFIG, problems);
            WorkflowSettings settings = (WorkflowSettings) bind(root.path("workflowConfig").isMissingNode()
                    ? JsonNodeFactory.instance.objectNode() : root.path("workflowConfig"), WorkflowSettings.class,
                    "workflowConfig", problems);
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(connectionOrigin.locatedProblems(problems), false, warnings).withOutputs(outputs);
            }
            if (!testSuite) {
                problems.addAll(settingProblems(registered.spec(), connection, sourceConfig));
            } else {
                problems.addAll(suiteSettingChecks((SuiteConnections) connection, sourceConfig, WorkflowLoader::settingProblems));
            }
            problems.removeIf(p -> under(p.path(), unchecked));
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(connectionOrigin.locatedProblems(problems), false, warnings)
                        .withOutputs(outputs);
            }
            String runId = root.path("pipelineRunId").asText(UUID.randomUUID().toString());
            WorkflowContext context = new WorkflowContext(source.path("serviceName").asText(),
                    source.path("type").asText(), type.kind(), runId);
            Set<String> secrets = new LinkedHashSet<>();
            Set<String> partners = new LinkedHashSet<>();
            List<ServiceSpec> connectors = testSuite
                    ? suiteServices.stream().map(s -> s.spec().spec()).toList() : List.of(registered.spec());
            List<JsonNode> connections = testSuite
                    ? suiteServices.stream().map(TestSuiteServices.Listed::config).toList()
                    : List.of(source.path("serviceConnection"));
            Set<String> secretNames = collectSecrets(root, connectors, connections, Stream.of(processor, sink, stage, bulkSink)
                    .flatMap(Optional::stream).<RegisteredStep<?>>map(StepConfig::step).toList(), secrets, partners);
            SecretMasker masker = SecretMasker.of(secrets, partners);
            // The connector's text may quote a setting: masked like every line of the run.
            (testSuite ? suiteSettingChecks((SuiteConnections) connection, sourceConfig, WorkflowLoader::settingWarnings)
                    : settingWarnings(registered.spec(), connection, sourceConfig)).stream()
                    .filter(w -> !under(w.path(), unchecked)).map(w -> masker.mask(w.toString())).forEach(warnings::add);
            secretTextInSettings(root, secretNames, masker).ifPresent(warnings::add);
            shortSecrets(root, "", secretNames, false, warnings);
            unreadComponentConfig(root).ifPresent(warnings::add);
            return new LoadedWorkflow(registered, type, sourceClass, connection, connectionOrigin, sourceConfig, settings, context,
                    processor, sink, stage, bulkSink, serverStyle ? warnings.stream().map(TestSuiteServices::asWritten)
                            .toList() : List.copyOf(warnings), secrets, masker,
                    Optional.ofNullable(root.path("ingestionPipelineFQN").asText(null)).filter(f -> !f.isBlank()),
                    root.hasNonNull("pipelineRunId"), unchecked);
        } catch (InvalidConfigException e) {
            throw serverStyle ? e.rewritten(TestSuiteServices::asWritten) : e;
        }
    }

    /**
     * The output steps whose configs bound, for checking their paths although the workflow is refused; a step
     * whose config holds an unset variable is left out (its path is not the one the user means).
     */
    private static OutputSteps outputSteps(Optional<? extends StepConfig<?>> sink, Optional<? extends StepConfig<?>> stage,
                                           Optional<? extends StepConfig<?>> bulkSink, List<ConfigProblem> unsetVariables) {
        return new OutputSteps(sink.map(StepConfig::config), stage.map(StepConfig::config), bulkSink.map(StepConfig::config))
                .without(unsetVariables.stream().map(ConfigProblem::path).collect(Collectors.toSet()));
    }

    /**
     * Hides the secrets of a refused workflow: the values of every field that any installed connector's, step's
     * or the workflow's schema calls secret. Which connector the file means may be what is wrong with it, so
     * all of them count; over-masking a refused file's report costs nothing, a password in it would.
     */
    private SecretMasker refusedMasker(JsonNode root) {
        try {
            List<ServiceSpec> connectors = registry.specs().stream().map(RegisteredSpec::spec).toList();
            List<RegisteredStep<?>> steps = StepKind.ALL.stream().<RegisteredStep<?>>flatMap(k -> registry.steps(k).stream())
                    .toList();
            Set<String> secrets = new LinkedHashSet<>();
            Set<String> partners = new LinkedHashSet<>();
            collectSecrets(root, connectors, List.of(root.path("source").path("serviceConnection")), steps, secrets,
                    partners);
            return SecretMasker.of(secrets, partners);
        } catch (RuntimeException e) {
            // A plugin's schema that cannot be read: the secrets of the workflow's own schema at least.
            Set<String> secrets = new LinkedHashSet<>();
            collectValues(root, SpecSchemas.secretFieldNames(SpecSchemas.read(WORKFLOW_SCHEMA, getClass())), secrets,
                    new LinkedHashSet<>());
            return SecretMasker.of(secrets);
        }
    }

    /**
     * A warning naming the keys of {@code workflowConfig.config}: OpenMetadata's schema has the field,
     * but no step here reads it, and a user who set keys expects them to do something.
     */
    private static Optional<String> unreadComponentConfig(JsonNode root) {
        JsonNode config = root.path("workflowConfig").path("config");
        if (config.isEmpty()) {
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        config.fieldNames().forEachRemaining(keys::add);
        return Optional.of("workflowConfig.config: no metaingest step reads it; ignored: " + String.join(", ", keys));
    }

    /**
     * The connector's own checks when the workflow has problems elsewhere, so that {@code validate} lists
     * every problem at once: run when the connection is valid by its schema and binds; the source
     * configuration is passed only when it is valid too, else null.
     */
    private List<ConfigProblem> settingProblemsBesides(ServiceSpec spec, JsonNode source,
                                                       Optional<SourceConfigType> configType, List<ConfigProblem> problems) {
        JsonNode connectionNode = source.path("serviceConnection").path("config");
        if (!connectionNode.isObject() || problems.stream().anyMatch(p -> under(p.path(), Set.of(CONNECTION)))) {
            return List.of();
        }
        List<ConfigProblem> unbound = new ArrayList<>();
        Object connection = bind(connectionNode, spec.connectionType(), CONNECTION, unbound);
        if (connection == null) {
            return List.of(); // its binding problem is reported once the others are fixed, as before
        }
        Record sourceConfig = configType.isPresent() && problems.stream().noneMatch(p -> under(p.path(), Set.of(SOURCE_CONFIG)))
                ? (Record) bind(source.path("sourceConfig").path("config"), configType.get().recordType(), SOURCE_CONFIG,
                unbound) : null;
        return settingProblems(spec, connection, sourceConfig);
    }

    /**
     * A connector's check ({@code settingProblems} or {@code settingWarnings}) run on each service of a test suite, as a
     * metadata workflow's one connection gets it: what it names under {@code source.serviceConnection.config} is
     * located in that service's {@code serviceConnections} entry, as its schema's problems are.
     */
    private static List<ConfigProblem> suiteSettingChecks(SuiteConnections suite, Record sourceConfig,
            SettingCheck check) {
        List<ConfigProblem> found = new ArrayList<>();
        for (SuiteService service : suite.services()) {
            check.run(service.spec().spec(), service.connection(), sourceConfig).stream().map(p -> p.path().startsWith(ConnectionPath.PREFIX)
                    ? p.reworded(service.configPath() + p.path().substring(ConnectionPath.PREFIX.length()), p.message())
                    : p).forEach(found::add);
        }
        return found;
    }

    /** {@link #settingProblems} or {@link #settingWarnings}. */
    @FunctionalInterface
    private interface SettingCheck {
        List<ConfigProblem> run(ServiceSpec spec, Object connection, Record sourceConfig);
    }

    /** The connector's own checks of the bound settings, as problems under {@code source}. */
    private static List<ConfigProblem> settingProblems(ServiceSpec spec, Object connection, Record sourceConfig) {
        return fromSource(spec, () -> spec.settingProblems(connection, sourceConfig));
    }

    /** The connector's warnings about the settings ({@link ServiceSpec#settingWarnings}), with their paths from the root. */
    private static List<ConfigProblem> settingWarnings(ServiceSpec spec, Object connection, Record sourceConfig) {
        return fromSource(spec, () -> spec.settingWarnings(connection, sourceConfig));
    }

    /** What a connector's check of the settings found, its paths under {@code source}; a check that threw says so. */
    private static List<ConfigProblem> fromSource(ServiceSpec spec, java.util.function.Supplier<List<SettingProblem>> check) {
        try {
            List<SettingProblem> found = check.get();
            return found == null ? List.of() : found.stream()
                    .map(p -> new ConfigProblem("source." + p.path(), p.message(), p.machineDependent())).toList();
        } catch (RuntimeException | LinkageError e) {
            return List.of(new ConfigProblem("source.type", "the " + spec.serviceType()
                    + " connector's check of the settings threw " + StepError.oneLine(e) + "; report it to its author"));
        }
    }

    /**
     * Checks that {@code file} can be read as a workflow file (a regular UTF-8 text file within the
     * size limit, no tab indentation), without connectors: a command calls it before discovery so
     * a hostile file is refused at once.
     */
    public static void checkReadable(Path file) throws InvalidConfigException {
        ConfigFileReader.read(file, !isJson(file));
    }

    /**
     * Refuses YAML (or JSON) text with a key written twice in one mapping, as loading a workflow does:
     * one problem per key, naming its path and both lines. {@code metaingest migrate} edits the text
     * and calls it, so it never carries a duplicate into the files it writes.
     */
    public static void checkDuplicateKeys(String text) throws InvalidConfigException {
        List<ConfigProblem> duplicates;
        try {
            duplicates = ConfigFileReader.duplicateKeys(new YAMLFactory(), FlowReferences.mask(text)); // as parse reads it
        } catch (IOException e) {
            return; // not parseable: the caller's parser names the problem
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidConfigException(duplicates).rewritten(FlowReferences::unmask);
        }
    }

    private static boolean isJson(Path file) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Reads one workflow document; a second document or trailing text fails ("Trailing token"). */
    static JsonNode readDocument(ObjectMapper reader, String text) throws IOException {
        return reader.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(text);
    }

    /** The file's tree, and the paths of its quoted YAML scalars (for {@link EnvSubstitution}). */
    private record Parsed(JsonNode root, Set<String> quoted) {
    }

    private Parsed parse(Document workflow) throws InvalidConfigException {
        boolean json = workflow.json();
        String text = json ? workflow.text() : FlowReferences.mask(workflow.text());
        if (text.equals(workflow.text())) {
            return parseText(workflow, text);
        }
        try { // braces masked: as written again in the tree, its quoted paths and the problems
            Parsed parsed = parseText(workflow, text);
            FlowReferences.unmask(parsed.root());
            return new Parsed(parsed.root(), parsed.quoted().stream().map(FlowReferences::unmask)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        } catch (InvalidConfigException e) {
            throw e.rewritten(FlowReferences::unmask);
        }
    }

    private Parsed parseText(Document workflow, String text) throws InvalidConfigException {
        boolean json = workflow.json();
        ObjectMapper reader = json ? mapper : new ObjectMapper(new YAMLFactory());
        String file = workflow.name();
        try {
            JsonNode root;
            try {
                // One workflow per file: a second YAML document (or text after the JSON object) is refused, not ignored.
                root = readDocument(reader, text);
            } catch (MismatchedInputException e) {
                String message = String.valueOf(e.getOriginalMessage());
                if (message.startsWith("No content to map")) {
                    root = null; // empty, or comments only
                } else if (!message.startsWith("Trailing token")) {
                    throw e;
                } else {
                JsonLocation at = e.getLocation();
                throw new InvalidConfigException(List.of(new ConfigProblem(
                        at == null ? file : file + ":" + at.getLineNr() + ":" + at.getColumnNr(),
                        json ? "text after the workflow's JSON object; keep one object per file"
                                : "a second YAML document; keep one workflow per file (remove the '---' and what follows)")));
                }
            }
            if (root == null || !root.isObject()) {
                throw new InvalidConfigException(List.of(new ConfigProblem(file,
                        "the file must hold an object with source, sink and workflowConfig; it is "
                                + holding(root))));
            }
            List<ConfigProblem> numbers = new ArrayList<>();
            nonFiniteNumbers(root, "", numbers);
            // Composed once, read twice: the aliases to copy, then the quoted scalars.
            org.yaml.snakeyaml.nodes.Node document = json ? null : ComposedYaml.of(text).orElse(null);
            if (!json) {
                YamlAliases.resolve(root, text, document, numbers);
                mergeKeys(root, "", numbers);
            }
            if (!numbers.isEmpty()) {
                throw new InvalidConfigException(numbers);
            }
            List<ConfigProblem> duplicates = ConfigFileReader.duplicateKeys(reader.getFactory(), text);
            if (!duplicates.isEmpty()) {
                throw new InvalidConfigException(duplicates);
            }
            return new Parsed(root, QuotedScalars.of(document));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(SyntaxErrors.problem(file, e, json)));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(file, "cannot read: " + e.getMessage())));
        }
    }

    /**
     * What a file's top level holds instead of an object, in the words the schema's messages use for a value's type
     * ("a list", not Jackson's "array"); a file without a value (or only {@code ~}) is empty.
     */
    private static String holding(JsonNode root) {
        if (root == null) {
            return "empty";
        }
        return switch (root.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean (true or false)";
            case BINARY -> "a binary value";
            case OBJECT -> "an object";
            case MISSING, NULL -> "empty";
            case POJO -> "a value of another kind";
        };
    }

    /**
     * YAML 1.1 merge keys ({@code <<: *anchor}), which PyYAML resolves: the parser here reads
     * {@code <<} as a plain key, so the merged fields would be missing (and reported as missing).
     * One problem at the key, saying how to write it instead.
     */
    private static void mergeKeys(JsonNode node, String path, List<ConfigProblem> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("<<")) {
                    problems.add(new ConfigProblem(ConfigPaths.child(path, "<<"), "YAML merge keys (<<: *anchor) are not"
                            + " supported; write the fields out in full, or reuse a whole mapping with an alias (config: *pg)"));
                } else {
                    mergeKeys(f.getValue(), ConfigPaths.child(path, f.getKey()), problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                mergeKeys(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** Numbers too large for a double ({@code 1e400}) or YAML's {@code .inf} and {@code .nan}: no field takes them. */
    private static void nonFiniteNumbers(JsonNode node, String path, List<ConfigProblem> problems) {
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            problems.add(new ConfigProblem(path, "the number " + node.asText() + " is not finite; write a number"
                    + " between " + -Double.MAX_VALUE + " and " + Double.MAX_VALUE));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> nonFiniteNumbers(f.getValue(), ConfigPaths.child(path, f.getKey()), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nonFiniteNumbers(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /**
     * Puts the connection the server holds for each service of a test suite listed without one (OpenMetadata
     * 1.6 allows {@code serviceConnections[i]} with only its {@code serviceName}) where the file would have had it.
     */
    private Map<String, ConnectionOrigin> suiteConnectionsFromServer(JsonNode root, JsonNode source,
                                                                      List<ConfigProblem> problems, List<String> warnings)
            throws InvalidConfigException {
        Map<String, ConnectionOrigin> read = new HashMap<>();
        JsonNode entries = source.path("sourceConfig").path("config").path(TestSuiteServices.SERVICES_FIELD);
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof ObjectNode entry) || entry.has("serviceConnection")
                    || !entry.path("serviceName").isTextual()) {
                continue; // with its connection, or a shape the sourceConfig schema reports
            }
            String path = TestSuiteServices.SERVICES + "[" + i + "].serviceConnection";
            if (!problems.isEmpty()) {
                problems.add(new ConfigProblem(path, "missing; once the other problems are fixed it is read from the"
                        + " OpenMetadata server (workflowConfig.openMetadataServerConfig)"));
                continue;
            }
            try {
                String name = entry.path("serviceName").asText();
                JsonNode config = serverConnections.read(root.path("workflowConfig"), name, ServiceCategory.DATABASE);
                entry.putObject("serviceConnection").set("config", config.deepCopy());
                read.put(name, new ConnectionOrigin.Server(name, serverOf(root)));
            } catch (ServerConnections.Unavailable e) {
                problems.add(new ConfigProblem(path, e.getMessage()));
                if (e.connectionFailure()) {
                    throw new InvalidConfigException(problems, true, warnings); // the warnings say what was asked of the server
                }
            }
        }
        return read;
    }

    /** The OpenMetadata server a connection is read from, for messages. */
    private static String serverOf(JsonNode root) {
        return root.path("workflowConfig").path("openMetadataServerConfig").path("hostPort").asText("the server");
    }

    /**
     * Puts the connection the server holds for {@code source.serviceName} where the file would have
     * had it; the connector is the one {@code source.type} names (its part before a '-').
     *
     * @return the server as the connection's origin, or the file when the server could not supply it (a problem is added)
     */
    private ConnectionOrigin connectionFromServer(JsonNode root, ObjectNode source, List<ConfigProblem> problems,
                                                  List<String> warnings)
            throws InvalidConfigException {
        String sourceType = source.path("type").asText();
        Optional<ServiceSpecRegistry.Lookup> lookup = connectorNamedBy(source);
        if (lookup.isEmpty()) {
            problems.add(new ConfigProblem("source.serviceConnection", "missing; add serviceConnection.config (source.type '"
                    + sourceType + "' names no installed connector whose connection the server could supply)"));
            return ConnectionOrigin.FILE;
        }
        String serviceName = source.path("serviceName").asText();
        try {
            JsonNode config = serverConnections.read(root.path("workflowConfig"), serviceName,
                    lookup.get().spec().category());
            source.putObject("serviceConnection").set("config", config.deepCopy());
            return new ConnectionOrigin.Server(serviceName, serverOf(root));
        } catch (ServerConnections.Unavailable e) {
            problems.add(new ConfigProblem("source.serviceConnection", e.getMessage()));
            if (e.connectionFailure()) {
                throw new InvalidConfigException(problems, true, warnings); // the warnings say what was asked of the server
            }
            return ConnectionOrigin.FILE;
        }
    }

    /** The connector {@code source.type} names: its part before a '-' ({@code postgres-lineage}). */
    private Optional<ServiceSpecRegistry.Lookup> connectorNamedBy(JsonNode source) {
        String sourceType = source.path("type").asText();
        return registry.find(sourceType.contains("-") ? sourceType.substring(0, sourceType.indexOf('-')) : sourceType);
    }

    /**
     * The stand-in spec of a test suite workflow: its sourceConfig must be a TestSuite and it runs
     * its tests with {@code processor: orm-test-runner}.
     */
    private Optional<RegisteredSpec> testSuiteSpec(Optional<SourceConfigType> configType, boolean requireProcessor,
                                                   JsonNode root, List<ConfigProblem> problems) {
        if (configType.isPresent() && configType.get() != SourceConfigType.TEST_SUITE) {
            problems.add(new ConfigProblem(SOURCE_CONFIG + ".type", "'" + configType.get().typeName()
                    + "' does not fit source.type 'testsuite'; write 'TestSuite'"));
        }
        if (requireProcessor && !TestSuiteServices.RUNNER.equals(root.path("processor").path("type").asText(null))) {
            problems.add(new ConfigProblem("processor", (root.has("processor") ? "'" + root.path("processor")
                    .path("type").asText() + "' cannot run a test suite" : "missing")
                    + "; a testsuite workflow runs its tests with processor: {type: " + TestSuiteServices.RUNNER
                    + ", config: {testCases: [...]}}"));
        }
        if (testSuiteSource == null) {
            problems.add(new ConfigProblem("source.type", "this runtime cannot run test suites"));
            return Optional.empty();
        }
        TestSuiteSpec spec = new TestSuiteSpec(testSuiteSource);
        return Optional.of(new RegisteredSpec(spec, "runtime", spec.getClass().getClassLoader()));
    }

    private Optional<RegisteredSpec> resolveSpec(JsonNode source, List<ConfigProblem> problems, List<String> warnings) {
        JsonNode connection = source.path("serviceConnection").path("config");
        if (!source.has("serviceConnection")) {
            return Optional.empty(); // connectionFromServer reported why
        }
        String type = connection.path("type").asText(null);
        if (type == null) {
            return Optional.empty(); // the schema check already reported it
        }
        Optional<ServiceSpecRegistry.Lookup> lookup = registry.find(type);
        if (lookup.isEmpty()) {
            problems.add(new ConfigProblem(CONNECTION + ".type", Suggestions.unknownServiceType(registry, type,
                    "Installed", registry.serviceTypes())));
            return Optional.empty();
        }
        ServiceSpec spec = lookup.get().spec();
        if (lookup.get().viaFormerName()) {
            warnings.add(CONNECTION + ".type: '" + type + "' is deprecated; write '" + spec.serviceType() + "'" + REWRITES);
            ((ObjectNode) connection).set("type", TextNode.valueOf(spec.serviceType()));
        } else if (!type.equals(spec.serviceType())) {
            // Lookups ignore case, but the connection schema may pin the exact spelling, and OpenMetadata does.
            warnings.add(Suggestions.otherCase(CONNECTION + ".type", type, spec.serviceType()));
            ((ObjectNode) connection).set("type", TextNode.valueOf(spec.serviceType()));
        }
        return Optional.of(lookup.get().registered());
    }

    private static Optional<SourceConfigType> resolveSourceConfigType(JsonNode source, List<ConfigProblem> problems) {
        JsonNode type = source.path("sourceConfig").path("config").path("type");
        if (!type.isTextual()) {
            return Optional.empty();
        }
        Optional<SourceConfigType> found = SourceConfigType.byTypeName(type.asText());
        if (found.isEmpty()) {
            List<String> names = Arrays.stream(SourceConfigType.values()).map(SourceConfigType::typeName).toList();
            problems.add(new ConfigProblem(SOURCE_CONFIG + ".type", "unknown sourceConfig type '" + type.asText() + "'"
                    + Suggestions.didYouMean(type.asText(), names, "")
                    + " Known: " + String.join(", ", names)));
        }
        return found;
    }

    private static boolean connectionTypeWasFormer(List<String> warnings) {
        return warnings.stream().anyMatch(w -> w.startsWith(CONNECTION + ".type:"));
    }

    /**
     * Checks the kind as OpenMetadata selects it: lineage and usage by the suffix of
     * {@code source.type}, the others by {@code sourceConfig.config.type} under the plain service type.
     */
    private static Class<? extends Source<?>> checkKind(ServiceSpec spec, SourceConfigType type, String sourceType,
                                                        boolean formerConnectionType, List<ConfigProblem> problems,
                                                        List<String> warnings) {
        WorkflowKind kind = type.kind();
        Map<WorkflowKind, StepSpec.SourceSpec<?>> sources = ConnectorSources.of(spec);
        StepSpec.SourceSpec<?> declared = sources.get(kind);
        if (declared == null) {
            problems.add(new ConfigProblem(SOURCE_CONFIG + ".type", spec.serviceType() + " has no " + kind.id()
                    + " workflow; it supports: " + sources.keySet().stream().map(WorkflowKind::id).sorted()
                    .collect(Collectors.joining(", "))));
            return null;
        }
        if (declared.sourceConfigType() != type) {
            problems.add(new ConfigProblem(SOURCE_CONFIG + ".type", "'" + type.typeName() + "' does not fit a "
                    + spec.category().name().toLowerCase(Locale.ROOT) + " service; write '" + declared.type() + "'"));
        }
        Class<? extends Source<?>> sourceClass = declared.stepClass();
        String expected = kind.sourceType(spec.serviceType());
        if (sourceType.isEmpty() || sourceType.equalsIgnoreCase(expected)) {
            return sourceClass;
        }
        Optional<String> former = spec.formerServiceTypes().stream()
                .filter(f -> sourceType.equalsIgnoreCase(kind.sourceType(f))).findFirst();
        if (former.isPresent()) {
            if (formerConnectionType) {
                // One warning for a file written for the former name throughout.
                warnings.removeIf(w -> w.startsWith(CONNECTION + ".type:"));
                warnings.add("source.type: '" + sourceType + "' and " + CONNECTION + ".type: '" + former.get()
                        + "' are deprecated names of " + spec.serviceType() + "; write '" + expected + "' and '"
                        + spec.serviceType() + "'" + REWRITES);
            } else {
                warnings.add("source.type: '" + sourceType + "' is deprecated; write '" + expected + "'" + REWRITES);
            }
            return sourceClass;
        }
        problems.add(new ConfigProblem("source.type", "'" + sourceType + "' does not match a " + type.typeName()
                + " workflow of " + spec.serviceType() + "; write '" + expected + "'"));
        return sourceClass;
    }

    /** The sections of this workflow and their fields: the workflow schema's, the connection's and the sourceConfig's. */
    private MisplacedFields misplaced(Optional<RegisteredSpec> spec, Optional<SourceConfigType> configType) {
        MisplacedFields sections = MisplacedFields.of(SpecSchemas.read(WORKFLOW_SCHEMA, getClass()));
        if (spec.isPresent()) {
            sections = sections.with(CONNECTION, SpecSchemas.connectionSchema(spec.get().spec()));
        }
        if (configType.isPresent()) {
            sections = sections.with(SOURCE_CONFIG,
                    SpecSchemas.read("/schemas/sourceConfig/" + configType.get().typeName() + ".json", getClass()));
        }
        return sections;
    }

    private <S extends AutoCloseable> Optional<StepConfig<S>> step(JsonNode root, StepKind<S> kind, String serviceType,
                                                                   Optional<SourceConfigType> sourceConfigType,
                                                                   List<ConfigProblem> problems) {
        JsonNode node = root.path(kind.key());
        if (!node.path("type").isTextual()) {
            return Optional.empty();
        }
        String type = node.path("type").asText();
        Optional<RegisteredStep<S>> found = registry.findStep(kind, type, serviceType);
        if (found.isEmpty()) {
            problems.add(new ConfigProblem(kind.key() + ".type", unknownStep(kind, type, serviceType)));
            return Optional.empty();
        }
        if (kind == StepKind.PROCESSOR && type.equals(TestSuiteServices.RUNNER)
                && !TestSuiteSpec.SERVICE_TYPE.equals(serviceType)) {
            problems.add(new ConfigProblem(kind.key() + ".type", "'" + type + "' runs data-quality test suites; "
                    + "use it with source.type: testsuite"));
            return Optional.empty();
        }
        RegisteredStep<S> step = found.get();
        Optional<SourceConfigType> needs = SourceConfigNeeds.of(step.spec().stepClass());
        if (needs.isPresent() && sourceConfigType.isPresent() && needs.get() != sourceConfigType.get()) {
            problems.add(new ConfigProblem(kind.key() + ".type", "'" + type + "' belongs to " + needs.get().typeName()
                    + " workflows (it reads their sourceConfig), not to this " + sourceConfigType.get().typeName()
                    + " workflow; remove it or use it in a workflow whose sourceConfig.config.type is "
                    + needs.get().typeName()));
            return Optional.empty();
        }
        JsonNode config = node.has("config") ? node.get("config") : JsonNodeFactory.instance.objectNode();
        List<ConfigProblem> invalid = SchemaValidator.validate(config,
                SpecSchemas.read(step.spec().configSchema(), step.spec().stepClass()),
                kind.key() + ".config", kind.key() + ":" + type);
        problems.addAll(invalid);
        if (!invalid.isEmpty()) {
            return Optional.empty();
        }
        Object bound = bind(config, step.spec().configType(), kind.key() + ".config", problems);
        return step.spec().configType().isInstance(bound)
                ? Optional.of(new StepConfig<>(step, step.spec().configType().cast(bound)))
                : Optional.empty();
    }

    private String unknownStep(StepKind<?> kind, String type, String serviceType) {
        List<RegisteredStep<?>> all = registry.steps(kind);
        boolean testSuite = TestSuiteSpec.SERVICE_TYPE.equals(serviceType);
        Set<String> usable = all.stream()
                .filter(s -> s.serviceType().isEmpty() || s.serviceType().get().equalsIgnoreCase(serviceType))
                .filter(s -> testSuite || !(kind == StepKind.PROCESSOR && s.type().equals(TestSuiteServices.RUNNER)))
                .map(RegisteredStep::type).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<String> elsewhere = all.stream().filter(s -> s.type().equals(type)).map(s -> s.serviceType().orElse("?"))
                .distinct().sorted().toList();
        if (!elsewhere.isEmpty()) {
            return kind.key() + " '" + type + "' is provided by the connectors of " + String.join(", ", elsewhere)
                    + " for their own sources, not for " + (serviceType == null ? "this source" : serviceType)
                    + "; available here: " + (usable.isEmpty() ? "none" : String.join(", ", usable));
        }
        return "unknown " + kind.key() + " type '" + type + "'" + Suggestions.didYouMean(type, usable, "")
                + "; available: " + (usable.isEmpty() ? "none in this runtime" : String.join(", ", usable));
    }

    private static void checkWriters(JsonNode root, List<ConfigProblem> problems) {
        boolean twoPhase = root.has("stage") || root.has("bulkSink");
        if (twoPhase && !(root.has("stage") && root.has("bulkSink"))) {
            problems.add(new ConfigProblem(root.has("stage") ? "bulkSink" : "stage",
                    "missing; a two-phase write needs both stage and bulkSink"));
        } else if (!twoPhase && !root.has("sink")) {
            problems.add(new ConfigProblem("sink", "missing; add for example sink: {type: file, config: {path: out.ndjson}}"));
        } else if (twoPhase && root.has("sink")) {
            problems.add(new ConfigProblem("sink", "a workflow writes through a sink or through stage and bulkSink, "
                    + "not both; remove one"));
        }
    }

    /**
     * A warning per filter pattern with both lists: OpenMetadata 1.6 consults {@code excludes} only
     * when {@code includes} is empty, which a user who wrote both does not expect, and a filter that
     * silently lets through what it seems to exclude is found late, in the catalog.
     */
    private static void ignoredExcludes(JsonNode config, String path, List<String> warnings) {
        config.fields().forEachRemaining(field -> {
            JsonNode includes = field.getValue().path("includes");
            JsonNode excludes = field.getValue().path("excludes");
            if (field.getKey().endsWith("FilterPattern") && includes.isArray() && !includes.isEmpty()
                    && excludes.isArray() && !excludes.isEmpty()) {
                warnings.add(path + "." + field.getKey() + ".excludes is ignored because includes is set"
                        + " (OpenMetadata's rule); move the names into includes' regex or drop excludes");
            }
        });
    }

    /**
     * A warning per empty pattern: it matches every name, so in {@code includes} it lets everything
     * through and in {@code excludes} it drops everything, which a blank left in a list (a template's
     * placeholder) does not say.
     */
    private static void emptyPatterns(JsonNode config, String path, List<String> warnings) {
        config.fields().forEachRemaining(field -> {
            if (!field.getKey().endsWith("FilterPattern")) {
                return;
            }
            for (String list : List.of("includes", "excludes")) {
                JsonNode regexes = field.getValue().path(list);
                for (int i = 0; i < regexes.size(); i++) {
                    if (regexes.get(i).isTextual() && regexes.get(i).asText().isEmpty()) {
                        warnings.add(path + "." + field.getKey() + "." + list + "[" + i + "]: an empty pattern matches"
                                + " every name, so it " + (list.equals("includes") ? "lets every one through" : "drops every one")
                                + "; remove it, or write the names it is meant to match");
                    }
                }
            }
        });
    }

    private static List<ConfigProblem> filterPatternProblems(JsonNode config, String path) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().endsWith("FilterPattern")) {
                continue;
            }
            for (String list : List.of("includes", "excludes")) {
                JsonNode regexes = field.getValue().path(list);
                for (int i = 0; i < regexes.size(); i++) {
                    if (!regexes.get(i).isTextual()) {
                        continue;
                    }
                    String where = path + "." + field.getKey() + "." + list + "[" + i + "]";
                    String regex = regexes.get(i).asText();
                    if (regex.length() > MAX_PATTERN) {
                        // Compiling a long repetitive pattern takes time quadratic in its length (minutes at 200 KB).
                        problems.add(new ConfigProblem(where, "a pattern of " + regex.length() + " characters; the limit is "
                                + MAX_PATTERN + ", write a shorter expression"));
                        continue;
                    }
                    FilterPattern.regexProblem(regex).ifPresent(p -> problems.add(new ConfigProblem(where,
                            p + "; fix the expression")));
                }
            }
        }
        return problems;
    }

    private Object bind(JsonNode node, Class<?> type, String path, List<ConfigProblem> problems) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problems.add(ConfigProblem.unbindable(path, type, e));
            return null;
        }
    }

    /**
     * Collects the file's secret values, and the connection's other text values (user names, API
     * keys): the possible partners of a secret in an HTTP Basic credential pair.
     */
    private Set<String> collectSecrets(JsonNode root, List<ServiceSpec> connectors, List<JsonNode> connections,
                                       List<RegisteredStep<?>> steps, Set<String> secrets, Set<String> partners) {
        // Secret exactly when a schema of the workflow says so: the connections', the workflow's, the steps'.
        Set<String> names = new LinkedHashSet<>();
        connectors.forEach(spec -> names.addAll(SpecSchemas.secretFieldNames(spec)));
        names.addAll(SpecSchemas.secretFieldNames(SpecSchemas.read(WORKFLOW_SCHEMA, getClass())));
        for (RegisteredStep<?> step : steps) {
            names.addAll(SpecSchemas.secretFieldNames(SpecSchemas.read(step.spec().configSchema(), step.spec().stepClass())));
        }
        collectValues(root, names, secrets, new LinkedHashSet<>());
        connections.forEach(connection -> collectValues(connection, names, new LinkedHashSet<>(), partners));
        partners.removeAll(secrets);
        return names;
    }

    /**
     * A warning naming the settings whose text holds a secret's (a password that is also the user
     * name, the database or the source type): they show masked wherever they are printed or written,
     * which the user should hear of before reading ****** in a name. The secret itself is never named.
     */
    private static Optional<String> secretTextInSettings(JsonNode root, Set<String> secretNames, SecretMasker masker) {
        List<String> paths = new ArrayList<>();
        settingsHoldingSecrets(root, "", secretNames, masker, paths, false);
        if (paths.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", paths) + (paths.size() == 1 ? " holds" : " hold")
                + " the text of a secret of this workflow, so " + (paths.size() == 1 ? "it shows" : "they show")
                + " as " + io.metaingest.api.Secret.MASK + " in logs, the report and records wherever the text"
                + " occurs; a secret that is no name or setting keeps the output readable");
    }

    private static void settingsHoldingSecrets(JsonNode node, String path, Set<String> secretNames, SecretMasker masker,
                                               List<String> paths, boolean freeForm) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    String text = field.getValue().textValue();
                    boolean secret = secretNames.contains(field.getKey())
                            || freeForm && Secret.isCredentialName(field.getKey());
                    if (!secret && !masker.mask(text).equals(text)) {
                        paths.add(at);
                    }
                } else {
                    settingsHoldingSecrets(field.getValue(), at, secretNames, masker, paths,
                            freeForm || FREE_FORM_MAPS.contains(field.getKey()));
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                settingsHoldingSecrets(node.get(i), path + "[" + i + "]", secretNames, masker, paths, freeForm);
            }
        }
    }

    /**
     * A warning per secret setting whose value is too short to be masked in free text
     * ({@link SecretMasker#MIN_SUBSTRING_LENGTH}): the user learns where it stays visible, by path, never by value.
     */
    private static void shortSecrets(JsonNode node, String path, Set<String> secretNames, boolean freeForm,
                                     List<String> warnings) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (value.isValueNode()) {
                    String text = value.asText();
                    boolean secret = secretNames.contains(field.getKey()) || freeForm && Secret.isCredentialName(field.getKey());
                    if (secret && !text.isEmpty() && text.length() < SecretMasker.MIN_SUBSTRING_LENGTH) {
                        warnings.add(at + " is shorter than " + SecretMasker.MIN_SUBSTRING_LENGTH + " characters; it is"
                                + " masked where it appears as a field value, not inside free text (log lines, messages),"
                                + " where hiding it would garble every word holding it: use a longer secret");
                    }
                } else {
                    shortSecrets(value, at, secretNames, freeForm || FREE_FORM_MAPS.contains(field.getKey()), warnings);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                shortSecrets(node.get(i), path + "[" + i + "]", secretNames, freeForm, warnings);
            }
        }
    }

    /**
     * The free-form maps of a connection whose keys no schema names ({@code connectionArguments},
     * {@code connectionOptions}, as in OpenMetadata's database connections): there a key that reads
     * like a credential is taken for one, such as a driver's {@code sslpassword}.
     */
    private static final Set<String> FREE_FORM_MAPS = Set.of("connectionArguments", "connectionOptions");

    private static void collectValues(JsonNode node, Set<String> names, Set<String> secrets, Set<String> others) {
        collectValues(node, names, secrets, others, false);
    }

    private static void collectValues(JsonNode node, Set<String> names, Set<String> secrets, Set<String> others,
                                      boolean freeForm) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode() && !field.getValue().asText().isEmpty()) {
                    boolean secret = names.contains(field.getKey())
                            || freeForm && Secret.isCredentialName(field.getKey());
                    (secret ? secrets : others).add(field.getValue().asText());
                } else {
                    collectValues(field.getValue(), names, secrets, others,
                            freeForm || FREE_FORM_MAPS.contains(field.getKey()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectValues(child, names, secrets, others, freeForm));
        }
    }

    /**
     * A value that must not be empty and is empty because a variable is set but empty: the line names the
     * variable, as the file shows only the reference ({@code serviceName: ${SVC}}).
     */
    private static List<ConfigProblem> emptied(List<ConfigProblem> problems, EnvSubstitution.Substituted substituted) {
        if (substituted.emptyFrom().isEmpty()) {
            return problems;
        }
        return problems.stream().map(p -> {
            String variable = substituted.emptyFrom().get(p.path());
            if (variable == null || !p.message().startsWith(MUST_NOT_BE_EMPTY)) {
                return p;
            }
            String rest = p.message().substring(MUST_NOT_BE_EMPTY.length());
            boolean spaces = rest.startsWith(SchemaValidator.ONLY_SPACES);
            return new ConfigProblem(p.path(), MUST_NOT_BE_EMPTY + " (environment variable " + variable
                    + (spaces ? " holds only spaces)" + rest.substring(SchemaValidator.ONLY_SPACES.length())
                    : " is set but empty)" + rest));
        }).toList();
    }

    private static final String MUST_NOT_BE_EMPTY = "must not be empty";

    /**
     * A string setting given a whole unquoted reference whose value reads as a number or boolean
     * ({@code password: ${PG_PASSWORD}} with an all-digit password) says so and how to quote it; the
     * value itself is never shown, it may be a secret.
     */
    private static List<ConfigProblem> unquoted(List<ConfigProblem> problems, EnvSubstitution.Substituted substituted) {
        Map<String, String> typedFrom = substituted.typedFrom();
        if (typedFrom.isEmpty() && substituted.quotedFrom().isEmpty() && substituted.textFrom().isEmpty()) {
            return problems;
        }
        return problems.stream().map(p -> {
            String text = substituted.textFrom().get(p.path());
            if (text != null && p.message().endsWith(" without quotes")) {
                return textWhereValueWanted(p, text);
            }
            String quoted = substituted.quotedFrom().get(p.path());
            String typed = typedFrom.get(p.path());
            if ((quoted != null || typed != null)
                    && (p.message().startsWith("must be a list") || p.message().startsWith("must be an object"))) {
                return wantsStructure(p, quoted != null ? quoted : typed, quoted == null);
            }
            String variable = typedFrom.get(p.path());
            if (variable == null || !p.message().startsWith("must be a string")) {
                return p;
            }
            // In place of the schema's general "quote it": this one names the reference to quote.
            String message = p.message().endsWith(SchemaValidator.QUOTE_IT)
                    ? p.message().substring(0, p.message().length() - SchemaValidator.QUOTE_IT.length()) : p.message();
            return new ConfigProblem(p.path(), message + ": " + variable + " is written unquoted, so its value"
                    + " reads as one; quote it to keep the value text: \"" + variable + "\"");
        }).toList();
    }

    /**
     * A number or boolean setting given one unquoted reference whose value is not one ({@code successThreshold: ${THR}}
     * with {@code THR=high}): the file holds no quotes to remove, so the line names the variable to set, never its value.
     */
    private static ConfigProblem textWhereValueWanted(ConfigProblem p, String variable) {
        int end = p.message().indexOf(';');
        String what = end < 0 ? p.message() : p.message().substring(0, end);
        String wanted = p.message().endsWith("true or false without quotes") ? "true or false"
                : p.message().endsWith("whole number without quotes") ? "a whole number" : "a number";
        String name = variable.startsWith("${") ? variable.substring(2, variable.length() - 1) : variable.substring(1);
        return new ConfigProblem(p.path(), what + ": the value of environment variable " + name + " (" + variable
                + ") is not " + wanted + "; set " + name + " to " + wanted);
    }

    /**
     * A list or mapping setting given one reference: quoted, its value stays text; unquoted, its value read as
     * one value. Says which, naming the variable, never its value.
     */
    private static ConfigProblem wantsStructure(ConfigProblem p, String variable, boolean typed) {
        boolean list = p.message().startsWith("must be a list");
        int end = p.message().indexOf(';');
        String what = end < 0 ? p.message() : p.message().substring(0, end);
        String example = list ? "'[a, b]'" : "'{key: value}'";
        return new ConfigProblem(p.path(), what + ": " + (typed
                ? variable + "'s value reads as one value; give the variable a YAML " + (list ? "list" : "mapping")
                        + ", e.g. " + example
                : variable + " is quoted, so its value stays text; write it unquoted (" + variable + ") to read a "
                        + (list ? "list" : "mapping") + " such as " + example + " from it"));
    }

    /** Whether {@code path} is one of {@code paths} or inside one. */
    private static boolean under(String path, Set<String> paths) {
        return paths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "["));
    }

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems, List<ConfigProblem> unsetVariables) {
        Set<String> unsetPaths = unsetVariables.stream().map(ConfigProblem::path).collect(Collectors.toSet());
        return List.copyOf(problems.stream()
                .filter(p -> unsetVariables.contains(p) || !unsetPaths.contains(p.path()))
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }
}
