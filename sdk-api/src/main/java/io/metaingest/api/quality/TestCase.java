package io.metaingest.api.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.metaingest.api.Fqn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A test case to run: a test definition applied to a table or column with its parameters.
 *
 * @param name the test case's name, unique on its table or column
 * @param testDefinitionName the test definition, e.g. {@code tableRowCountToBeBetween}
 * @param entityLink the table or column tested
 * @param parameterValues the definition's parameters
 */
public record TestCase(String name, String testDefinitionName, EntityLink entityLink,
                       List<TestCaseParameterValue> parameterValues) {

    /** Rejects missing parts; no parameters is an empty list. */
    public TestCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(testDefinitionName, "testDefinitionName");
        Objects.requireNonNull(entityLink, "entityLink");
        parameterValues = parameterValues == null ? List.of() : List.copyOf(parameterValues);
    }

    /**
     * The test case's FQN as OpenMetadata builds it: {@code tableFqn.name} for a table test,
     * {@code tableFqn.column.name} for a column test.
     */
    @JsonProperty("fullyQualifiedName")
    public String fullyQualifiedName() {
        return entityLink.column().map(c -> Fqn.append(entityLink.tableFqn(), c, name))
                .orElseGet(() -> Fqn.append(entityLink.tableFqn(), name));
    }

    /** The value of a parameter, when given. */
    public Optional<String> parameter(String parameterName) {
        return parameterValues.stream().filter(p -> p.name().equals(parameterName)).map(TestCaseParameterValue::value)
                .filter(Objects::nonNull).findFirst();
    }

    /** The service the tested table belongs to. */
    @JsonIgnore
    public String serviceName() {
        return entityLink.serviceName();
    }
}
