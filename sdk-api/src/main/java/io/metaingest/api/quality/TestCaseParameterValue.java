package io.metaingest.api.quality;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.Objects;

/**
 * One parameter of a test case, e.g. {@code {name: minValue, value: "10"}}. OpenMetadata keeps every
 * value as text; a workflow file may write a number, a boolean or a list ({@code [NA, "N/A"]}),
 * which is kept as its text (a list as a JSON array).
 *
 * @param name the parameter's name, as the test definition names it
 * @param value its value as text
 */
public record TestCaseParameterValue(String name, String value) {

    /** Binds a parameter from a workflow file, turning numbers, booleans and lists into text. */
    @JsonCreator
    public static TestCaseParameterValue of(@JsonProperty("name") String name, @JsonProperty("value") Object value) {
        return new TestCaseParameterValue(name, text(value));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> items) {
            StringBuilder json = new StringBuilder("[");
            for (Object item : items) {
                if (json.length() > 1) {
                    json.append(", ");
                }
                json.append('"').append(Objects.toString(item).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return json.append(']').toString();
        }
        if ((value instanceof Double || value instanceof Float) && value.toString().contains("E")) {
            // As written, not as Java prints a double: 1e10 reads 10000000000 and 1.5e-7 0.00000015, not 1.0E10 and
            // 1.5E-7 (the text OpenMetadata shows and the database is given).
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                return new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
            }
        }
        return value.toString();
    }
}
