package io.metaingest.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of ingestion workflow a connector can offer. A workflow's kind is chosen by the
 * {@code type} of {@code source.sourceConfig.config} (for example {@code DatabaseLineage}).
 */
public enum WorkflowKind {
    /** Entities: databases, tables, pipelines, dashboards... Every connector supports it. */
    METADATA("metadata", ""),
    /** Lineage edges (in OpenMetadata 1.6 view lineage belongs here). */
    LINEAGE("lineage", "-lineage"),
    /** Query usage per table and day. */
    USAGE("usage", "-usage"),
    /** Table and column metrics. */
    PROFILER("profiler", "-profiler"),
    /** Sample data and PII tagging (moved out of the profiler in 1.6). */
    AUTO_CLASSIFICATION("autoClassification", "-autoclassification"),
    /** Data-quality test suites. */
    TESTSUITE("testsuite", "-testsuite");

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

    /** The suffix of {@code source.type} that selects this kind, e.g. {@code -lineage}. */
    public String sourceTypeSuffix() {
        return sourceTypeSuffix;
    }

    /** Looks a kind up by its {@link #id()}, ignoring case. */
    public static Optional<WorkflowKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id)).findFirst();
    }
}
