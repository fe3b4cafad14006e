package io.metaingest.cli.migrate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.Fqn;
import io.metaingest.api.RenamedFilterNames;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.RetiredField;
import io.metaingest.runtime.config.SyntaxErrors;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.config.WorkflowYaml;
import io.metaingest.runtime.registry.ConnectorSources;
import io.metaingest.runtime.config.Suggestions;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.SpecSchemas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Rewrites a 1.5-shaped workflow file into the 1.6 shape. The rules come from facts stated
 * elsewhere, once: former service type names ({@link ServiceSpec#formerServiceTypes()}), retired
 * fields ({@link RetiredField}, from the connection's and the sourceConfig's schemas), the test
 * suite's connection list, and filter names a connector renamed ({@link RenamedFilterNames}).
 *
 * <p>Each rule runs as one pass over the text: parse, collect edits at node marks, apply. Passes
 * see each other's results, so no two edits of one pass overlap.
 */
public final class WorkflowMigrator {

    private static final String CONNECTION = ConnectionPath.PREFIX;
    private static final String SOURCE_CONFIG = "source.sourceConfig.config";
    /** Anchors and a trailing "match anything" around a name in a filter entry. */
    private static final Pattern AROUND_NAME = Pattern.compile("(\\^?)(.*?)(\\$|\\.\\*)?");
    /** Top-level keys that name one ingestion pipeline or run: a companion is another pipeline. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final List<String> RUN_IDENTITY = List.of("ingestionPipelineFQN", "pipelineRunId");
    /** Between what a finding did and why. */
    private static final String WHY = " -- ";

    private final ServiceSpecRegistry registry;

    /** Creates a migrator over the installed connectors. */
    public WorkflowMigrator(ServiceSpecRegistry registry) {
        this.registry = registry;
    }

    /** What the migration works on, found once the kind is dispatched. */
    private record Subject(String fileName, SourceConfigType type, boolean testSuite, Optional<ServiceSpec> spec,
                           boolean formerServiceType) {
    }

    /** A setting leaving this workflow: its fact, its value and its comments as written. */
    private record MovedField(RetiredField fact, String valueText, List<String> commentsAbove, String commentAfter) {
    }

    /**
     * Migrates {@code text}.
     *
     * @param fileName the file's name, for messages and companion headers
     * @param currentNames for {@code --resolve}: each current name by former name, as the service
     *                     reports them; {@code null} when not resolving
     * @throws InvalidConfigException when the text is not a workflow whose kind and service are known
     */
    public Migration migrate(String text, String fileName, Map<String, String> currentNames)
            throws InvalidConfigException {
        YamlText original = parse(text, fileName);
        WorkflowLoader.checkDuplicateKeys(text);
        Subject subject = dispatch(original, fileName);
        try {
            return migrate(text, original, subject, currentNames);
        } catch (RuntimeException e) {
            // A fault of the migrator, not of the file: told with the secrets to mask, as the message may quote the text.
            throw new MigratorFault(e, secrets(original, subject));
        }
    }

    private Migration migrate(String text, YamlText original, Subject subject, Map<String, String> currentNames) {
        String fileName = subject.fileName();
        List<Finding> findings = new ArrayList<>();
        Map<String, List<MovedField>> moved = new LinkedHashMap<>();
        int[] formerNames = {0};

        String migrated = text;
        migrated = pass(migrated, (yaml, edits) -> serviceType(yaml, edits, subject, findings));
        migrated = pass(migrated, (yaml, edits) -> subject.spec().ifPresent(spec -> retired(yaml, edits,
                SpecSchemas.connectionSchema(spec), CONNECTION, new String[] {"source", "serviceConnection", "config"},
                findings, moved)));
        migrated = pass(migrated, (yaml, edits) -> retired(yaml, edits, sourceConfigSchema(subject.type()),
                SOURCE_CONFIG, new String[] {"source", "sourceConfig", "config"}, findings, moved));
        migrated = pass(migrated, (yaml, edits) -> testSuiteConnection(yaml, edits, subject, findings));
        migrated = pass(migrated, (yaml, edits) -> formerNames[0] = filterNames(yaml, edits, subject, currentNames,
                findings));

        if (isJson(fileName) && !isStrictJson(migrated)) {
            migrated = asJson(migrated); // an edit written as YAML (a moved connection, an unquoted ${VAR})
        }
        List<Companion> companions = new ArrayList<>();
        for (Map.Entry<String, List<MovedField>> entry : moved.entrySet()) {
            companion(migrated, subject, entry.getKey(), entry.getValue(), findings).ifPresent(companions::add);
        }
        String lineEnd = text.contains("\r\n") ? "\r\n" : "\n";
        return new Migration(text, endingLines(migrated, lineEnd), List.copyOf(findings), companions.stream()
                .map(c -> c.withText(endingLines(c.text(), lineEnd))).toList(), formerNames[0], secrets(original, subject));
    }

    /** {@code text} with the lines migrate wrote ending as the file's own do (CRLF on a file saved on Windows). */
    private static String endingLines(String text, String lineEnd) {
        return lineEnd.equals("\n") ? text : text.replaceAll("(?<!\r)\n", lineEnd);
    }

    /**
     * A fault of the migrator itself (an edit it cannot make, say) while migrating a workflow it
     * understood: the command says nothing was written and asks for a report.
     */
    public static final class MigratorFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Set<String> secrets;

        MigratorFault(RuntimeException cause, Set<String> secrets) {
            super(cause.getMessage(), cause);
            this.secrets = Set.copyOf(secrets);
        }

        /** The file's secret values, to mask in whatever prints this. */
        public Set<String> secrets() {
            return secrets;
        }
    }

    // ------------------------------------------------------------------ dispatch

    private static YamlText parse(String text, String fileName) throws InvalidConfigException {
        try {
            return YamlText.parse(text);
        } catch (MarkedYAMLException e) {
            throw new InvalidConfigException(List.of(SyntaxErrors.problem(fileName, e))); // worded as validate words it
        } catch (YAMLException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(fileName, "not valid YAML: " + e.getMessage())));
        }
    }

    /** Finds the workflow kind and the connector, as the loader does; what it cannot tell is a problem. */
    private Subject dispatch(YamlText yaml, String fileName) throws InvalidConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        if (yaml.root().isEmpty() || yaml.mappingAt("source").isEmpty()) {
            throw new InvalidConfigException(List.of(new ConfigProblem("source", "missing; " + fileName
                    + " is not a workflow file (source, sink, workflowConfig)")));
        }
        String sourceType = yaml.scalarAt("source", "type").orElse("");
        if (sourceType.isEmpty()) {
            problems.add(new ConfigProblem("source.type", "missing; write the service's source type, e.g. postgres"));
        }
        Optional<String> typeName = yaml.scalarAt("source", "sourceConfig", "config", "type");
        Optional<SourceConfigType> type = typeName.flatMap(SourceConfigType::byTypeName);
        if (type.isEmpty()) {
            List<String> known = Arrays.stream(SourceConfigType.values()).map(SourceConfigType::typeName).toList();
            problems.add(new ConfigProblem(SOURCE_CONFIG + ".type", typeName.map(t -> "unknown sourceConfig type '" + t + "'")
                    .orElse("missing") + "; the workflow kind decides what migrates. Known: " + String.join(", ", known)));
        }
        boolean testSuite = sourceType.equalsIgnoreCase(WorkflowKind.TESTSUITE_SOURCE_TYPE);
        if (type.isPresent() && testSuite != (type.get() == SourceConfigType.TEST_SUITE)) {
            problems.add(testSuite
                    ? new ConfigProblem(SOURCE_CONFIG + ".type", "a testsuite source needs type TestSuite, not '"
                            + type.get().typeName() + "'")
                    : new ConfigProblem("source.type", "'" + sourceType + "' with a TestSuite sourceConfig; write '"
                            + WorkflowKind.TESTSUITE_SOURCE_TYPE + "'"));
        }
        Optional<String> connectionType = yaml.scalarAt("source", "serviceConnection", "config", "type");
        Optional<ServiceSpecRegistry.Lookup> lookup = Optional.empty();
        if (connectionType.isPresent()) {
            lookup = registry.find(connectionType.get());
            if (lookup.isEmpty()) {
                // Installed but refused (a broken spec, two plugins): why, not "unknown".
                problems.add(new ConfigProblem(CONNECTION + ".type", registry.refusal(connectionType.get()).isPresent()
                        ? Suggestions.unknownServiceType(registry, connectionType.get(), "Installed", registry.serviceTypes())
                        : "unknown service type '" + connectionType.get() + "'"
                                + Suggestions.didYouMean(connectionType.get(), registry.serviceTypes(), "")
                                + "; migrate needs its connector to know its retired fields. Installed: " + installed()));
            }
        } else if (!testSuite && !sourceType.isEmpty()) {
            String service = sourceType.contains("-") ? sourceType.substring(0, sourceType.indexOf('-')) : sourceType;
            lookup = registry.find(service);
            if (lookup.isEmpty()) {
                problems.add(new ConfigProblem("source.type", "'" + sourceType + "' names no installed connector. Installed: "
                        + installed()));
            }
        }
        if (lookup.isPresent() && type.isPresent() && !testSuite) {
            ServiceSpec spec = lookup.get().spec();
            WorkflowKind kind = type.get().kind();
            String expected = kind.sourceType(spec.serviceType());
            boolean fits = sourceType.equalsIgnoreCase(expected) || spec.formerServiceTypes().stream()
                    .anyMatch(former -> sourceType.equalsIgnoreCase(kind.sourceType(former)));
            if (!fits) {
                problems.add(new ConfigProblem("source.type", "'" + sourceType + "' does not match a " + type.get().typeName()
                        + " workflow of " + spec.serviceType() + "; write '" + expected + "'"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new Subject(fileName, type.orElseThrow(), testSuite, lookup.map(ServiceSpecRegistry.Lookup::spec),
                lookup.map(ServiceSpecRegistry.Lookup::viaFormerName).orElse(false));
    }

    private String installed() {
        List<String> types = registry.serviceTypes();
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    // ------------------------------------------------------------------ rules

    private static String pass(String text, BiConsumer<YamlText, TextEdits> rule) {
        YamlText yaml = YamlText.parse(text);
        TextEdits edits = new TextEdits(yaml);
        rule.accept(yaml, edits);
        return edits.isEmpty() ? text : edits.apply();
    }

    /** Former service type names ({@code Mstr}, {@code mstr}) become the current ones. */
    private static void serviceType(YamlText yaml, TextEdits edits, Subject subject, List<Finding> findings) {
        if (subject.spec().isEmpty()) {
            return;
        }
        ServiceSpec spec = subject.spec().get();
        Optional<Node> connectionType = yaml.at("source", "serviceConnection", "config", "type");
        if (subject.formerServiceType() && connectionType.orElse(null) instanceof ScalarNode scalar) {
            edits.replace(scalar, Scalars.like(scalar, spec.serviceType()));
            findings.add(new Finding(Finding.Kind.CHANGED, CONNECTION + ".type", scalar.getValue() + " -> "
                    + spec.serviceType() + WHY + formerName(scalar.getValue(), spec)));
        }
        if (subject.testSuite() || !(yaml.at("source", "type").orElse(null) instanceof ScalarNode sourceType)) {
            return;
        }
        WorkflowKind kind = subject.type().kind();
        String expected = kind.sourceType(spec.serviceType());
        for (String former : spec.formerServiceTypes()) {
            if (sourceType.getValue().equalsIgnoreCase(kind.sourceType(former))
                    && !sourceType.getValue().equalsIgnoreCase(expected)) {
                edits.replace(sourceType, Scalars.like(sourceType, expected));
                findings.add(new Finding(Finding.Kind.CHANGED, "source.type", sourceType.getValue() + " -> " + expected
                        + WHY + formerName(former, spec)));
            }
        }
    }

    private static String formerName(String former, ServiceSpec spec) {
        return "'" + former + "' is the former name of the " + spec.serviceType() + " service type";
    }

    private static JsonNode sourceConfigSchema(SourceConfigType type) {
        return SpecSchemas.read("/schemas/sourceConfig/" + type.typeName() + ".json", Metaingest.class);
    }

    /** The retired fields a schema lists, present in the object at {@code path}. */
    private static void retired(YamlText yaml, TextEdits edits, JsonNode schema, String prefix, String[] path,
                                List<Finding> findings, Map<String, List<MovedField>> moved) {
        Optional<MappingNode> object = yaml.mappingAt(path);
        if (object.isEmpty()) {
            return;
        }
        MappingNode map = object.get();
        for (RetiredField fact : RetiredField.listedIn(schema)) {
            Optional<NodeTuple> entry = YamlText.entry(map, fact.name());
            if (entry.isEmpty()) {
                continue;
            }
            String at = prefix + "." + fact.name();
            ScalarNode key = (ScalarNode) entry.get().getKeyNode();
            Node value = entry.get().getValueNode();
            boolean taken = fact.change() != RetiredField.Change.MOVED_TO_WORKFLOW
                    && YamlText.entry(map, fact.newName()).isPresent() && !fact.newName().equals(fact.name());
            if (fact.change() == RetiredField.Change.REMOVED || taken) {
                findings.add(new Finding(Finding.Kind.ATTENTION, at, (taken ? "both " + fact.name() + " and "
                        + fact.newName() + " are set; keep " + fact.newName() + " and remove " + fact.name() + " by hand"
                        : "left as is, it needs a decision") + WHY + fact.reason()));
                continue;
            }
            try {
                switch (fact.change()) {
                    case RENAMED -> {
                        edits.replace(key, Scalars.like(key, fact.newName()));
                        findings.add(new Finding(Finding.Kind.CHANGED, at, "now " + fact.newName() + WHY + fact.reason()));
                    }
                    case RENAMED_TO_LIST -> {
                        if (value instanceof ScalarNode scalar && Scalars.holdsNothing(scalar)) {
                            // 1.5 read a missing single value as "no narrowing"; ["null"] or [""] would name an id.
                            edits.remove(map, entry.get());
                            findings.add(new Finding(Finding.Kind.CHANGED, at, "removed: it holds no value, which"
                                    + " is what an absent " + fact.newName() + " means" + WHY + fact.reason()));
                            continue;
                        }
                        edits.replace(key, Scalars.like(key, fact.newName()));
                        if (value instanceof ScalarNode scalar) {
                            // The anchor goes with the value into the list: its aliases still read the one id.
                            edits.replace(yaml.start(scalar), yaml.contentEnd(scalar), "[" + yaml.properties(scalar)
                                    + Scalars.asStringElement(yaml, scalar) + "]");
                        }
                        findings.add(new Finding(Finding.Kind.CHANGED, at, "now " + fact.newName()
                                + ", a list holding its value" + WHY + fact.reason()));
                    }
                    case MOVED_TO_WORKFLOW -> {
                        edits.remove(map, entry.get());
                        boolean block = !YamlText.isFlow(map);
                        moved.computeIfAbsent(fact.workflow(), w -> new ArrayList<>()).add(new MovedField(fact,
                                yaml.source(value), block ? yaml.leadingComments(entry.get()) : List.of(),
                                block ? yaml.trailingComment(value) : ""));
                        findings.add(new Finding(Finding.Kind.MOVED, at, "out of this file" + WHY + fact.reason()));
                    }
                    default -> throw new IllegalStateException(fact.change().name());
                }
            } catch (TextEdits.UneditableException e) {
                findings.add(new Finding(Finding.Kind.ATTENTION, at, "not rewritten: " + e.getMessage() + WHY
                        + fact.reason()));
            }
        }
    }

    /** 1.6.2: a test suite lists each service's connection in sourceConfig.config.serviceConnections. */
    private static void testSuiteConnection(YamlText yaml, TextEdits edits, Subject subject, List<Finding> findings) {
        Optional<MappingNode> source = yaml.mappingAt("source");
        Optional<NodeTuple> connection = source.flatMap(s -> YamlText.entry(s, "serviceConnection"));
        Optional<MappingNode> config = yaml.mappingAt("source", "sourceConfig", "config");
        if (!subject.testSuite() || connection.isEmpty() || config.isEmpty()) {
            return;
        }
        String why = "1.6.2 logical test suites list each service's connection in "
                + SOURCE_CONFIG + ".serviceConnections";
        if (YamlText.entry(config.get(), "serviceConnections").isPresent()) {
            findings.add(new Finding(Finding.Kind.ATTENTION, "source.serviceConnection", "both it and "
                    + SOURCE_CONFIG + ".serviceConnections are set; add it to the list by hand and remove it" + WHY + why));
            return;
        }
        Optional<String> fromTable = yaml.scalarAt("source", "sourceConfig", "config", "entityFullyQualifiedName")
                .flatMap(WorkflowMigrator::firstFqnPart);
        // Without the suite's table, the services its tests' links name: one of them is more likely right than the suite's name.
        Set<String> linked = fromTable.isPresent() ? Set.of() : linkedServices(yaml);
        Optional<String> named = fromTable.or(() -> linked.stream().findFirst());
        String serviceName = named.or(() -> yaml.scalarAt("source", "serviceName")).orElse("my_service");
        Node value = connection.get().getValueNode();
        int keyStart = yaml.start(connection.get().getKeyNode());
        String list;
        if (YamlText.isFlow(config.get()) || !yaml.firstOnLine(keyStart)) {
            list = "[{serviceName: " + Scalars.safe(serviceName) + ", serviceConnection: "
                    + (YamlText.isFlow(value) || value instanceof ScalarNode ? yaml.source(value) : Scalars.flow(value)) + "}]";
            if (!YamlText.isFlow(value) && yaml.source(value).contains("#")) {
                findings.add(new Finding(Finding.Kind.NOTE, "source.serviceConnection", "written in flow style inside "
                        + SOURCE_CONFIG + ", which is a flow mapping; the comments inside it were not kept"));
            }
        } else {
            int indent = yaml.column(yaml.start(config.get().getValue().get(0).getKeyNode()));
            int delta = indent + 4 - yaml.column(keyStart);
            String block = yaml.text().substring(yaml.entryStart(connection.get()),
                    yaml.lineEnd(yaml.lineOf(yaml.contentEnd(value))));
            list = "\n" + " ".repeat(indent + 2) + "- serviceName: " + Scalars.safe(serviceName) + "\n"
                    + shift(block, delta).stripTrailing();
        }
        edits.append(config.get(), "serviceConnections", list);
        edits.remove(source.get(), connection.get());
        findings.add(new Finding(Finding.Kind.CHANGED, "source.serviceConnection", "now " + SOURCE_CONFIG
                + ".serviceConnections[0], with serviceName " + serviceName + WHY + why));
        if (named.isEmpty()) {
            findings.add(new Finding(Finding.Kind.ATTENTION, SOURCE_CONFIG + ".serviceConnections[0].serviceName",
                    "set to " + serviceName + ", the suite's name: no entityFullyQualifiedName names the service;"
                            + " it must name the service whose tables the suite tests"));
        } else if (linked.size() > 1) {
            findings.add(new Finding(Finding.Kind.ATTENTION, SOURCE_CONFIG + ".serviceConnections[0].serviceName",
                    "set to " + serviceName + ", the first test's service: the tests' entityLinks name "
                            + String.join(", ", linked) + "; it must name the service whose connection this is,"
                            + " and each other service needs its own entry"));
        }
    }

    /** The services the test cases' entityLinks name, in the order the tests name them. */
    private static Set<String> linkedServices(YamlText yaml) {
        Set<String> services = new LinkedHashSet<>();
        if (yaml.at("processor", "config", "testCases").orElse(null) instanceof SequenceNode tests) {
            for (Node test : tests.getValue()) {
                if (test instanceof MappingNode map) {
                    YamlText.entry(map, "entityLink").flatMap(e -> YamlText.scalar(e.getValueNode()))
                            .flatMap(WorkflowMigrator::linkedService).ifPresent(services::add);
                }
            }
        }
        return services;
    }

    private static Optional<String> linkedService(String link) {
        try {
            return firstFqnPart(EntityLink.parse(link).tableFqn());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // validate names a malformed link; here it names no service
        }
    }

    private static Optional<String> firstFqnPart(String fqn) {
        try {
            List<String> parts = Fqn.split(fqn);
            return parts.isEmpty() || parts.get(0).isBlank() ? Optional.empty() : Optional.of(parts.get(0));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Moves every line right by {@code delta} columns (left while it has spaces to lose). */
    private static String shift(String block, int delta) {
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (line.isBlank()) {
                out.append(line.isEmpty() ? "" : line);
            } else if (delta >= 0) {
                out.append(" ".repeat(delta)).append(line);
            } else {
                int spaces = 0;
                while (spaces < line.length() && spaces < -delta && line.charAt(spaces) == ' ') {
                    spaces++;
                }
                out.append(line.substring(spaces));
            }
        }
        return out.toString();
    }

    /**
     * Flags filter entries that look like names a connector used before 1.6 and, with the service's
     * current names, rewrites them. Returns how many entries look like former names.
     */
    private static int filterNames(YamlText yaml, TextEdits edits, Subject subject, Map<String, String> currentNames,
                                   List<Finding> findings) {
        Optional<RenamedFilterNames> renamed = subject.spec().flatMap(ServiceSpec::renamedFilterNames);
        if (renamed.isEmpty()) {
            return 0;
        }
        String field = renamed.get().field();
        int former = 0;
        for (String list : List.of("includes", "excludes")) {
            if (!(yaml.at("source", "sourceConfig", "config", field, list).orElse(null) instanceof SequenceNode entries)) {
                continue;
            }
            for (int i = 0; i < entries.getValue().size(); i++) {
                if (!(entries.getValue().get(i) instanceof ScalarNode entry)) {
                    continue;
                }
                Matcher parts = AROUND_NAME.matcher(entry.getValue());
                if (!parts.matches() || !renamed.get().formerName().matcher(parts.group(2)).matches()) {
                    continue;
                }
                former++;
                String at = SOURCE_CONFIG + "." + field + "." + list + "[" + i + "]";
                String name = parts.group(2);
                if (currentNames == null) {
                    findings.add(new Finding(Finding.Kind.ATTENTION, at, "'" + entry.getValue() + "' looks like an id;"
                            + " run with --resolve to rewrite it with the name the service reports" + WHY
                            + renamed.get().reason()));
                    continue;
                }
                List<String> matched = namesMatchedBefore(entry.getValue(), name, currentNames);
                if (matched.size() == 1) {
                    // Anchored at both ends: the entry selected this one entity, and its new name is
                    // the prefix of others ('^A <> s_3' also lets 'A <> s_33' through).
                    String rewritten = "^" + Scalars.regexLiteral(matched.get(0)) + "$";
                    edits.replace(entry, Scalars.like(entry, rewritten));
                    findings.add(new Finding(Finding.Kind.CHANGED, at, "'" + entry.getValue() + "' -> '" + rewritten
                            + "'" + WHY + renamed.get().reason()));
                } else if (matched.isEmpty()) {
                    findings.add(new Finding(Finding.Kind.ATTENTION, at, "'" + entry.getValue() + "' looks like an id, but "
                            + "the service has no entity with that id or name" + WHY + renamed.get().reason()));
                } else {
                    findings.add(new Finding(Finding.Kind.ATTENTION, at, "'" + entry.getValue() + "' matches the ids of "
                            + matched.size() + " entities, so no one name replaces it ('"
                            + String.join("', '", matched.subList(0, Math.min(3, matched.size())))
                            + (matched.size() > 3 ? "', …" : "'") + "); rewrite it by hand to match their names"
                            + WHY + renamed.get().reason()));
                }
            }
        }
        return former;
    }

    /**
     * The current names of the entities a former filter entry selected: those whose former name it
     * matches as filter patterns match (from the start, ignoring case); an entry that is no valid
     * regex is taken as the name it holds.
     */
    private static List<String> namesMatchedBefore(String entry, String name, Map<String, String> currentNames) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(entry, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            pattern = Pattern.compile(Pattern.quote(name), Pattern.CASE_INSENSITIVE);
        }
        Set<String> matched = new LinkedHashSet<>();
        for (Map.Entry<String, String> former : currentNames.entrySet()) {
            if (pattern.matcher(former.getKey()).lookingAt()) {
                matched.add(former.getValue());
            }
        }
        return List.copyOf(matched);
    }

    // ------------------------------------------------------------------ companions

    /**
     * The workflow that receives moved settings: the migrated file with the other kind's source type
     * and sourceConfig, so the connection, sink, workflowConfig and comments stay as written.
     */
    private static Optional<Companion> companion(String migrated, Subject subject, String typeName,
                                                 List<MovedField> fields, List<Finding> findings) {
        List<String> names = fields.stream().map(f -> f.fact().newName()).toList();
        Optional<SourceConfigType> type = SourceConfigType.byTypeName(typeName);
        ServiceSpec spec = subject.spec().orElseThrow();
        if (type.isEmpty() || !ConnectorSources.of(spec).containsKey(type.get().kind())) {
            findings.add(new Finding(Finding.Kind.ATTENTION, SOURCE_CONFIG, "no " + typeName + " workflow written: "
                    + spec.serviceType() + " has no " + type.map(t -> t.kind().id()).orElse(typeName)
                    + " workflow in this runtime; set " + String.join(", ", names) + " there by hand"));
            return Optional.empty();
        }
        WorkflowKind kind = type.get().kind();
        Set<String> allowed = new LinkedHashSet<>();
        sourceConfigSchema(type.get()).path("properties").fieldNames().forEachRemaining(allowed::add);
        List<String> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        String text = pass(migrated, (yaml, edits) -> {
            if (yaml.at("source", "type").orElse(null) instanceof ScalarNode sourceType
                    && !sourceType.getValue().equalsIgnoreCase(kind.sourceType(spec.serviceType()))) {
                edits.replace(sourceType, Scalars.like(sourceType, kind.sourceType(spec.serviceType())));
            }
            MappingNode config = yaml.mappingAt("source", "sourceConfig", "config").orElseThrow();
            for (NodeTuple entry : config.getValue()) {
                String key = ((ScalarNode) entry.getKeyNode()).getValue();
                if (key.equals("type") && entry.getValueNode() instanceof ScalarNode value) {
                    edits.replace(value, Scalars.like(value, typeName));
                } else if (!allowed.contains(key)) {
                    edits.remove(config, entry);
                    dropped.add(key);
                } else {
                    kept.add(key);
                }
            }
            MappingNode root = yaml.root().orElseThrow();
            for (String key : RUN_IDENTITY) {
                YamlText.entry(root, key).ifPresent(entry -> {
                    edits.remove(root, entry);
                    dropped.add(key);
                });
            }
            if (yaml.scalarAt("sink", "type").filter("file"::equals).isPresent()
                    && yaml.at("sink", "config", "path").orElse(null) instanceof ScalarNode path) {
                edits.replace(path, Scalars.like(path, besidePath(path.getValue(), kind)));
            }
        });
        List<String> setOrMoved = new ArrayList<>(kept);
        setOrMoved.addAll(names);
        Map<String, JsonNode> implicit = differingDefaults(subject.type(), type.get(), setOrMoved);
        JsonNode targetProperties = sourceConfigSchema(type.get()).path("properties");
        text = pass(text, (yaml, edits) -> {
            MappingNode config = yaml.mappingAt("source", "sourceConfig", "config").orElseThrow();
            for (MovedField field : fields) {
                edits.append(config, field.commentsAbove(), field.fact().newName(), field.valueText(), field.commentAfter());
            }
            implicit.forEach((key, value) -> edits.append(config, List.of("# the " + subject.type().typeName()
                    + " default, written out: " + typeName + "'s is " + targetProperties.path(key).path("default")
                    .asText("unset")), key, scalarText(value), ""));
        });
        implicit.forEach((key, value) -> kept.add(key + ": " + value.asText() + " (the " + subject.type().typeName()
                + " default; " + typeName + "'s is " + targetProperties.path(key).path("default").asText("unset") + ")"));
        String header = "# " + typeName + " workflow written by `metaingest migrate` from " + subject.fileName()
                + ": OpenMetadata 1.6 moved " + String.join(", ", fields.stream().map(f -> f.fact().name()).toList())
                + " out of the " + subject.type().typeName() + " workflow.\n";
        // After a byte order mark, which must stay the file's first character: before it, it would join the first key.
        String written = text.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK + header + text.substring(1) : header + text;
        return Optional.of(new Companion(type.get(), isJson(subject.fileName()) ? asJson(text) : written, names,
                List.copyOf(kept), List.copyOf(dropped)));
    }

    private static boolean isStrictJson(String text) {
        try {
            new ObjectMapper().readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean isJson(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    }

    /**
     * A JSON workflow's migrated file or companion as JSON: the edits are written as YAML (a comment
     * above, a flow-style entry appended, a moved block), which YAML reads and JSON does not. JSON has
     * no comments, so a companion's header and the written-out defaults' comments are left out;
     * migrate prints what it moved.
     */
    private static String asJson(String yamlText) {
        try {
            JsonNode tree = WorkflowYaml.readTree(yamlText);
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the companion made from a valid workflow is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * The settings both kinds have that the original leaves at a default the companion's kind does
     * not share (Profiler's {@code includeViews} is false, AutoClassification's true): written out,
     * the companion does what the original did.
     */
    private static Map<String, JsonNode> differingDefaults(SourceConfigType from, SourceConfigType to, List<String> set) {
        JsonNode fromProperties = sourceConfigSchema(from).path("properties");
        JsonNode toProperties = sourceConfigSchema(to).path("properties");
        Map<String, JsonNode> differing = new LinkedHashMap<>();
        toProperties.fieldNames().forEachRemaining(key -> {
            JsonNode original = fromProperties.path(key).path("default");
            if (!set.contains(key) && original.isValueNode() && !original.equals(toProperties.path(key).path("default"))) {
                differing.put(key, original);
            }
        });
        return differing;
    }

    private static String scalarText(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : value.asText();
    }

    /** {@code out/pg.ndjson} gives {@code out/pg-lineage.ndjson}: the companion must not overwrite the main output. */
    private static String besidePath(String path, WorkflowKind kind) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) + "-" + kind.id() + path.substring(dot)
                : path + "-" + kind.id();
    }

    // ------------------------------------------------------------------ secrets

    /** The values of every field a schema of the file marks secret, wherever they are. */
    private static Set<String> secrets(YamlText yaml, Subject subject) {
        Set<String> names = new LinkedHashSet<>(subject.spec().map(SpecSchemas::secretFieldNames).orElse(Set.of()));
        names.addAll(SpecSchemas.secretFieldNames(SpecSchemas.read("/schemas/workflow.json", Metaingest.class)));
        Set<String> values = new LinkedHashSet<>();
        yaml.root().ifPresent(root -> collect(root, names, values));
        return values;
    }

    private static void collect(Node node, Set<String> names, Set<String> values) {
        if (node instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (entry.getKeyNode() instanceof ScalarNode key && names.contains(key.getValue())
                        && entry.getValueNode() instanceof ScalarNode value && !value.getValue().isEmpty()) {
                    values.add(value.getValue());
                } else {
                    collect(entry.getValueNode(), names, values);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            seq.getValue().forEach(child -> collect(child, names, values));
        }
    }
}
