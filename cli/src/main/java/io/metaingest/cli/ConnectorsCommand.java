package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.config.Suggestions;
import io.metaingest.runtime.registry.ConnectorSources;
import io.metaingest.runtime.registry.RegisteredSpec;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/** {@code metaingest connectors list|describe}. */
@Command(name = ConnectorsCommand.NAME, mixinStandardHelpOptions = true, description = "List and describe the installed connectors.",
        subcommands = {ConnectorsCommand.ListCommand.class, ConnectorsCommand.DescribeCommand.class})
final class ConnectorsCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "connectors";

    // Built on use: picocli loads this class for every command, and ingest should not pay for it.
    private static ObjectMapper json() {
        return Mappers.standard().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a sub-command: a usage error, as {@code metaingest} without a command is (its usage on stderr, exit 2). */
    @Override
    public Integer call() {
        return SubcommandChoice.missing(spec.commandLine(), main.err());
    }

    /** The workflow kinds the connector runs; test suites when it has a test executor (their source is the runtime's). */
    static List<String> workflows(ServiceSpec spec) {
        List<String> kinds = new ArrayList<>(ConnectorSources.of(spec).keySet().stream().map(WorkflowKind::id).toList());
        if (spec.testExecutor().isPresent() && !kinds.contains(WorkflowKind.TESTSUITE.id())) {
            kinds.add(WorkflowKind.TESTSUITE.id());
        }
        return List.copyOf(kinds);
    }

    /** The distinct {@code source.type}s of the connector's workflows (profiler shares the plain one). */
    static List<String> sourceTypes(ServiceSpec spec) {
        return ConnectorSources.of(spec).keySet().stream().map(k -> k.sourceType(spec.serviceType())).distinct().toList();
    }

    /** {@code connectors list [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the installed connectors.")
    static final class ListCommand implements Callable<Integer> {

        @ParentCommand
        ConnectorsCommand parent;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ServiceSpecRegistry registry = parent.main.runtime().registry();
            boolean noneUsable = registry.specs().isEmpty() && !registry.pluginsWithProblems().isEmpty();
            if (json) {
                List<Map<String, Object>> rows = registry.specs().stream().map(ConnectorsCommand::describe).toList();
                parent.main.out().println(json().writeValueAsString(rows));
                return noneUsable ? ExitCodes.INVALID_CONFIG : ExitCodes.OK;
            }
            if (noneUsable) {
                // Not "none installed": plugins are there, and the warnings above say why none loaded.
                parent.main.out().println("no usable connectors: plugin" + (registry.pluginsWithProblems().size() == 1
                        ? " " : "s ") + String.join(", ", registry.pluginsWithProblems()) + " cannot be used"
                        + " (the warnings above say why)");
                // A build or CI job that checks its plugin loads with `connectors list` must see it fail.
                return ExitCodes.INVALID_CONFIG;
            }
            if (registry.specs().isEmpty()) {
                parent.main.out().println("no connectors installed " + parent.main.pluginDirectoryUsed()
                        .map(dir -> "in " + dir + " (one sub-folder per connector; another folder: --plugins DIR)")
                        .orElse("(no plugin directory: give one with --plugins DIR)"));
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("TYPE", "CATEGORY", "WORKFLOWS", "FROM", "FORMERLY"));
            for (RegisteredSpec registered : registry.specs()) {
                ServiceSpec spec = registered.spec();
                rows.add(List.of(spec.serviceType(), spec.category().name().toLowerCase(Locale.ROOT),
                        String.join(", ", workflows(spec)), registered.origin(),
                        String.join(", ", spec.formerServiceTypes().stream().sorted().toList())));
            }
            parent.printColumns(rows);
            return ExitCodes.OK;
        }
    }

    /** Prints rows as left-aligned columns as wide as their widest cell. */
    private void printColumns(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i + 1 < row.size() ? String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row.get(i)) : row.get(i));
            }
            main.out().println(line.toString().stripTrailing());
        }
    }

    /** {@code connectors describe TYPE}. */
    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a connector's workflows, former names and connection schema.")
    static final class DescribeCommand implements Callable<Integer> {

        @ParentCommand
        ConnectorsCommand parent;

        @Parameters(paramLabel = "TYPE", description = "the service type, e.g. Postgres")
        String type;

        @Override
        public Integer call() throws IOException {
            io.metaingest.runtime.Metaingest runtime = parent.main.runtime();
            ServiceSpecRegistry registry = runtime.registry();
            Optional<ServiceSpecRegistry.Lookup> lookup = registry.find(type);
            if (lookup.isEmpty()) {
                parent.main.err().println(Suggestions.unknownServiceType(registry, type, "Installed",
                        registry.serviceTypes()));
                return ExitCodes.INVALID_CONFIG;
            }
            if (lookup.get().viaFormerName()) {
                parent.main.err().println("warning: '" + type + "' is a former name of " + lookup.get().spec().serviceType());
            }
            runtime.connectionWarnings(lookup.get().registered()).forEach(w -> parent.main.err().println("warning: " + w));
            Map<String, Object> description = describe(lookup.get().registered());
            // The data-quality tests its test suites may name, as a suite file writes them (checked at load).
            description.put("testDefinitions", testDefinitions(lookup.get().spec()));
            try (InputStream in = lookup.get().spec().getClass().getResourceAsStream(lookup.get().spec().connectionSchema())) {
                JsonNode schema = in == null ? null : json().readTree(in);
                description.put("connectionSchema", schema);
            }
            parent.main.out().println(json().writeValueAsString(description));
            return ExitCodes.OK;
        }
    }

    /** The connector's declared test definitions; none when it declares none, or its declaration fails. */
    private static List<io.metaingest.api.quality.TestDefinition> testDefinitions(ServiceSpec spec) {
        try {
            List<io.metaingest.api.quality.TestDefinition> declared = spec.testDefinitions();
            return declared == null ? List.of() : declared;
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private static Map<String, Object> describe(RegisteredSpec registered) {
        ServiceSpec spec = registered.spec();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("serviceType", spec.serviceType());
        row.put("formerServiceTypes", spec.formerServiceTypes().stream().sorted().collect(Collectors.toList()));
        row.put("category", spec.category().name().toLowerCase(Locale.ROOT));
        row.put("description", spec.description());
        row.put("workflows", workflows(spec));
        row.put("sourceTypes", sourceTypes(spec));
        row.put("connectionTest", spec.connectionTester().isPresent());
        row.put("origin", registered.origin());
        return row;
    }
}
