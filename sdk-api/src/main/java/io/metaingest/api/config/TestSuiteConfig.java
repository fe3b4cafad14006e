package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code sourceConfig.config} of type {@code TestSuite}: a basic suite on one table, or (1.6.2) a logical suite over the services in {@code serviceConnections}.
 *
 * @param entityFullyQualifiedName the table of a basic suite
 * @param serviceConnections services of a logical suite (default java.util.List.of())
 * @param testCases test case names to run; null runs all
 * @param profileSample the sample of each table the tests read: a percentage (more than 0, at most 100) or a
 *                      number of rows (more than 0); null reads whole tables (see {@link io.metaingest.api.quality.TestSample})
 * @param profileSampleType PERCENTAGE (OpenMetadata's default) or ROWS
 * @param samplingMethodType how a percentage is picked: SYSTEM (whole pages) or BERNOULLI (each row); null lets
 *                           the connector choose
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestSuiteConfig(
        String entityFullyQualifiedName,
        java.util.List<ServiceConnectionEntry> serviceConnections,
        java.util.List<String> testCases,
        Double profileSample,
        String profileSampleType,
        String samplingMethodType) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public TestSuiteConfig {
        serviceConnections = serviceConnections == null ? java.util.List.of() : serviceConnections;
    }

    /**
     * One service of a logical test suite.
     *
     * @param serviceName the service's name
     * @param serviceConnection the {@code {config: {...}}} connection, kept as a map
     */
    public record ServiceConnectionEntry(String serviceName, java.util.Map<String, Object> serviceConnection) {
    }
}
