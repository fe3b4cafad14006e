package io.metaingest.api.quality;

/**
 * One measured value of a test case result, e.g. {@code {name: rowCount, value: "42"}}.
 *
 * @param name the value's name, as OpenMetadata's test definition names it
 * @param value the value as text, or null when it could not be measured
 */
public record TestResultValue(String name, String value) {
}
