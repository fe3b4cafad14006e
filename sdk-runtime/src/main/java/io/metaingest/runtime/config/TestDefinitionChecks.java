package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The test cases of a suite's file against the definitions their service's connector declares
 * ({@link ServiceSpec#testDefinitions()}): a definition it does not run, a parameter the definition does not have,
 * and a column test that names no column are configuration errors, found before anything connects. Read as absent,
 * a misspelt bound would widen a test until it passes; at run time each would only be an aborted test. A connector
 * that declares none is not checked here: its executor aborts what it does not know.
 */
final class TestDefinitionChecks {

    private static final String PATH = "processor.config.testCases";

    private TestDefinitionChecks() {
    }

    /** One problem per thing to fix in {@code root}'s {@code processor.config.testCases}. */
    static List<ConfigProblem> problems(JsonNode root, List<TestSuiteServices.Listed> services) {
        JsonNode testCases = root.path("processor").path("config").path("testCases");
        String suiteTable = text(root.path("source").path("sourceConfig").path("config"), "entityFullyQualifiedName");
        Map<String, ServiceSpec> specs = new HashMap<>();
        services.forEach(s -> specs.putIfAbsent(s.serviceName(), s.spec().spec()));
        List<ConfigProblem> problems = new ArrayList<>();
        Map<ServiceSpec, Map<String, TestDefinition>> declared = new HashMap<>();
        for (int i = 0; i < testCases.size(); i++) {
            JsonNode testCase = testCases.get(i);
            String definitionName = text(testCase, "testDefinitionName");
            Optional<EntityLink> target;
            try {
                target = EntityLink.of(text(testCase, "entityLink"), text(testCase, "columnName"), suiteTable);
            } catch (IllegalArgumentException unreadable) {
                continue; // the test's own failure when it runs
            }
            if (definitionName == null || target.isEmpty()) {
                continue;
            }
            ServiceSpec spec = specs.get(serviceOf(target.get()));
            if (spec == null) {
                continue; // a service the suite does not list: the test's own failure when it runs
            }
            Map<String, TestDefinition> definitions = declared.computeIfAbsent(spec, TestDefinitionChecks::declared);
            if (definitions.isEmpty()) {
                continue;
            }
            String at = PATH + "[" + i + "]";
            TestDefinition definition = definitions.get(definitionName);
            if (definition == null) {
                problems.add(new ConfigProblem(at + ".testDefinitionName", "'" + definitionName + "' is not a test"
                        + " definition the " + spec.serviceType() + " connector runs"
                        + Suggestions.didYouMean(definitionName, definitions.keySet(), "")
                        + "; it runs " + String.join(", ", definitions.keySet())));
                continue;
            }
            boolean columnTest = definition.entityType() == TestDefinition.EntityType.COLUMN;
            boolean columnAsParameter = false;
            JsonNode parameters = testCase.path("parameterValues");
            for (int j = 0; j < parameters.size(); j++) {
                String name = text(parameters.get(j), "name");
                if (columnTest && "columnName".equals(name) && !definition.parameterNames().contains(name)) {
                    columnAsParameter = true;
                    problems.add(new ConfigProblem(at + ".parameterValues[" + j + "].name", "'columnName' is not a"
                            + " parameter of " + definitionName + ": a column test names its column with the test"
                            + " case's own columnName (beside testDefinitionName), not in parameterValues"));
                } else if (name != null && !definition.parameterNames().contains(name)) {
                    problems.add(new ConfigProblem(at + ".parameterValues[" + j + "].name", "'" + name + "' is not a"
                            + " parameter of " + definitionName + (definition.parameterNames().isEmpty() ? " (it takes none)"
                            : Suggestions.didYouMean(name, definition.parameterNames(), "") + " (it takes "
                                    + String.join(", ", definition.parameterNames()) + ")")
                            + "; read as absent it would not bound the test: correct or remove it"));
                }
            }
            if (columnTest && target.get().columnName() == null && !columnAsParameter) {
                problems.add(new ConfigProblem(at, definitionName + " tests a column: name it with columnName,"
                        + " or with an entityLink <#E::table::service.database.schema.table::columns::column>"));
            }
        }
        return problems;
    }

    /** The connector's definitions by name; none when its declaration throws (its executor then judges at run time). */
    private static Map<String, TestDefinition> declared(ServiceSpec spec) {
        try {
            List<TestDefinition> definitions = spec.testDefinitions();
            return definitions == null ? Map.of() : definitions.stream()
                    .collect(Collectors.toMap(TestDefinition::name, Function.identity(), (a, b) -> a,
                            java.util.TreeMap::new));
        } catch (RuntimeException | LinkageError e) {
            return Map.of();
        }
    }

    private static String serviceOf(EntityLink link) {
        try {
            return link.serviceName();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
