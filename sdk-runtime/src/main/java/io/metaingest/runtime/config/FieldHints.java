package io.metaingest.runtime.config;

import java.util.Map;
import java.util.Optional;

/**
 * Hints for fields that OpenMetadata 1.6 removed or renamed, keyed by the schema context (a
 * sourceConfig type or a service type) and the field name.
 */
final class FieldHints {

    private static final Map<String, String> HINTS = Map.of(
            "DatabaseMetadata.overrideViewLineage",
            "removed from DatabaseMetadata in 1.6: view lineage moved to the lineage workflow; set "
                    + "overrideViewLineage in a DatabaseLineage sourceConfig (source.type: <service>-lineage)",
            "Profiler.generateSampleData",
            "moved in 1.6 to the AutoClassification workflow as storeSampleData",
            "Profiler.processPiiSensitive",
            "moved in 1.6 to the AutoClassification workflow as enableAutoClassification",
            "Profiler.confidence",
            "moved in 1.6 to the AutoClassification workflow (confidence)",
            "DbtCloud.jobId",
            "replaced by jobIds in 1.6: write jobIds: [\"<id>\"] (a list of strings; empty means all jobs)");

    private FieldHints() {
    }

    static Optional<String> hint(String context, String field) {
        return Optional.ofNullable(HINTS.get(context + "." + field));
    }
}
