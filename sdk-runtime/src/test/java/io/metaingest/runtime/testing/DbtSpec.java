package io.metaingest.runtime.testing;

import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowKind;
import io.metaingest.testconnectors.TestSpecs;
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
    @Override public Map<WorkflowKind, Class<? extends Source<?>>> sources() {
        return Map.of(WorkflowKind.METADATA, TestSpecs.EmptySource.class);
    }
}
