package io.metaingest.runtime.testing;

import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.testconnectors.TestSpecs;
import java.util.List;
import java.util.Map;

/**
 * A pipeline connector shaped like dbt Cloud, for the 1.6 jobId hint. Kept here, not with the shared
 * test connectors: its service type matches the real dbt Cloud connector's, which the CLI's tests load.
 */
public final class DbtSpec implements ServiceSpec {
    @Override public String serviceType() { return "DbtCloud"; }
    @Override public ServiceCategory category() { return ServiceCategory.PIPELINE; }
    @Override public Class<Map> connectionType() { return Map.class; }
    @Override public String connectionSchema() { return "/schemas/dbtConnection.json"; }
    @Override public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.PIPELINE_METADATA, TestSpecs.EmptySource.class));
    }
}
