package io.metaingest.api.quality;

import java.util.List;
import java.util.Objects;

/**
 * A test definition a connector's {@link TestExecutor} runs, by OpenMetadata's name for it. A connector
 * declares the ones it runs with {@link io.metaingest.api.ServiceSpec#testDefinitions()}, so that a
 * workflow file's test cases are checked when it is loaded ({@code metaingest validate} included): a
 * misspelt definition or parameter is a configuration error there, not an aborted test after the run
 * has connected.
 *
 * @param name the definition's name, e.g. {@code columnValuesToBeBetween}
 * @param entityType what a test case of it tests: a table, or one column of a table (named by the test
 *                   case's {@code columnName} or a column entity link)
 * @param parameterNames the names its {@code parameterValues} may have, e.g. {@code minValue}, {@code maxValue}
 */
public record TestDefinition(String name, EntityType entityType, List<String> parameterNames) {

    /** What a definition tests, as OpenMetadata's {@code entityType} of a test definition says. */
    public enum EntityType {
        /** A table as a whole (its row count, its columns, a query on it). */
        TABLE,
        /** One column's values. */
        COLUMN
    }

    /** Rejects a missing name or type; copies the parameter names. */
    public TestDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entityType, "entityType");
        parameterNames = List.copyOf(parameterNames);
    }
}
