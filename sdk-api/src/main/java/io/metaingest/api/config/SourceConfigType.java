package io.metaingest.api.config;

import io.metaingest.api.ServiceCategory;
import io.metaingest.api.WorkflowKind;
import java.util.Arrays;
import java.util.Optional;

/** The {@code type} values of {@code source.sourceConfig.config}, the workflow kind each selects and its record. */
public enum SourceConfigType {
    /** Database entities. */
    DATABASE_METADATA("DatabaseMetadata", WorkflowKind.METADATA, DatabaseMetadataConfig.class),
    /** Pipelines. */
    PIPELINE_METADATA("PipelineMetadata", WorkflowKind.METADATA, PipelineMetadataConfig.class),
    /** Dashboards and charts. */
    DASHBOARD_METADATA("DashboardMetadata", WorkflowKind.METADATA, DashboardMetadataConfig.class),
    /** Database lineage. */
    DATABASE_LINEAGE("DatabaseLineage", WorkflowKind.LINEAGE, DatabaseLineageConfig.class),
    /** Database usage. */
    DATABASE_USAGE("DatabaseUsage", WorkflowKind.USAGE, DatabaseUsageConfig.class),
    /** Profiler. */
    PROFILER("Profiler", WorkflowKind.PROFILER, ProfilerConfig.class),
    /** Sample data and PII. */
    AUTO_CLASSIFICATION("AutoClassification", WorkflowKind.AUTO_CLASSIFICATION, AutoClassificationConfig.class),
    /** Test suites. */
    TEST_SUITE("TestSuite", WorkflowKind.TESTSUITE, TestSuiteConfig.class);

    private final String typeName;
    private final WorkflowKind kind;
    private final Class<? extends Record> recordType;

    SourceConfigType(String typeName, WorkflowKind kind, Class<? extends Record> recordType) {
        this.typeName = typeName;
        this.kind = kind;
        this.recordType = recordType;
    }

    /** The value of {@code type}, e.g. {@code DatabaseLineage}. */
    public String typeName() {
        return typeName;
    }

    /** The workflow kind it selects. */
    public WorkflowKind kind() {
        return kind;
    }

    /** The record bound from the config. */
    public Class<? extends Record> recordType() {
        return recordType;
    }

    /** The metadata workflow's type of a service category, where OpenMetadata 1.6 has one. */
    public static Optional<SourceConfigType> metadataOf(ServiceCategory category) {
        return switch (category) {
            case DATABASE -> Optional.of(DATABASE_METADATA);
            case PIPELINE -> Optional.of(PIPELINE_METADATA);
            case DASHBOARD -> Optional.of(DASHBOARD_METADATA);
            default -> Optional.empty();
        };
    }

    /** Looks a type up by its exact name. */
    public static Optional<SourceConfigType> byTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
