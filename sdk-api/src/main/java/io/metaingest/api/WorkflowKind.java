package io.metaingest.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of ingestion workflow a connector can offer, selected as OpenMetadata selects them:
 * lineage and usage by a suffix of {@code source.type} ({@code postgres-lineage},
 * {@code postgres-usage}); metadata, profiler and auto-classification by
 * {@code sourceConfig.config.type} under the plain service type ({@code postgres}); test suites by
 * {@code source.type: testsuite}, which belongs to no single connector.
 */
public enum WorkflowKind {
    /** Entities: databases, tables, pipelines, dashboards... Every connector supports it. */
    METADATA("metadata", ""),
    /** Lineage edges (in OpenMetadata 1.6 view lineage belongs here). */
    LINEAGE("lineage", "-lineage"),
    /** Query usage per table and day. */
    USAGE("usage", "-usage"),
    /** Table and column metrics. */
    PROFILER("profiler", ""),
    /** Sample data and PII tagging (moved out of the profiler in 1.6). */
    AUTO_CLASSIFICATION("autoClassification", ""),
    /** Data-quality test suites, over the services listed in the source config. */
    TESTSUITE("testsuite", "");

    /** The {@code source.type} of a test suite workflow. */
    public static final String TESTSUITE_SOURCE_TYPE = "testsuite";

    private final String id;
    private final String sourceTypeSuffix;

    WorkflowKind(String id, String sourceTypeSuffix) {
        this.id = id;
        this.sourceTypeSuffix = sourceTypeSuffix;
    }

    /** The camel-case name used in reports and {@code connectors describe}. */
    public String id() {
        return id;
    }

    /** The suffix of {@code source.type} that selects this kind ({@code -lineage}, {@code -usage}), or empty. */
    public String sourceTypeSuffix() {
        return sourceTypeSuffix;
    }

    /** The {@code source.type} that runs this kind for a service type, e.g. {@code postgres-usage}. */
    public String sourceType(String serviceType) {
        return this == TESTSUITE ? TESTSUITE_SOURCE_TYPE : serviceType.toLowerCase(Locale.ROOT) + sourceTypeSuffix;
    }

    /** The kind a {@code source.type} suffix selects: lineage, usage, or empty for the plain service type. */
    public static Optional<WorkflowKind> bySourceTypeSuffix(String sourceType) {
        String lower = sourceType.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> !k.sourceTypeSuffix.isEmpty() && lower.endsWith(k.sourceTypeSuffix))
                .findFirst();
    }

    /** Looks a kind up by its {@link #id()}, ignoring case. */
    public static Optional<WorkflowKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id)).findFirst();
    }
}
