package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.quality.EntityLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test cases a suite's file defines twice: OpenMetadata knows a test case by its table, column and name, so of two
 * with all three alike the second would silently replace the first. The table is the test's {@code entityLink}'s,
 * else the suite's {@code entityFullyQualifiedName} ({@link EntityLink#of}).
 */
final class TestCaseNames {

    private static final String PATH = "processor.config";

    private TestCaseNames() {
    }

    /** One problem for each test case of {@code root}'s {@code processor.config.testCases} that an earlier one has. */
    static List<ConfigProblem> duplicates(JsonNode root) {
        JsonNode testCases = root.path("processor").path("config").path("testCases");
        String suiteTable = root.path("source").path("sourceConfig").path("config").path("entityFullyQualifiedName")
                .asText(null);
        Map<List<Object>, Integer> seen = new HashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < testCases.size(); i++) {
            JsonNode testCase = testCases.get(i);
            Optional<EntityLink> target;
            try {
                target = EntityLink.of(text(testCase, "entityLink"), text(testCase, "columnName"), suiteTable);
            } catch (IllegalArgumentException unreadable) {
                continue; // the test's own failure when it runs
            }
            if (target.isEmpty() || text(testCase, "name") == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(List.of(text(testCase, "name"), target.get()), i);
            if (first != null) {
                problems.add(new ConfigProblem(PATH, "testCases[" + first + "] and testCases[" + i + "] are both test"
                        + " case '" + text(testCase, "name") + "' of the same " + (target.get().columnName() == null
                        ? "table" : "column") + ", so the second would replace the first; give each a name of its own"));
            }
        }
        return problems;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
