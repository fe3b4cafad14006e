package io.metaingest.benchmarks.synthetic;

import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;

/**
 * A generated database service: one database, schemas of 1,000 tables, 20 columns per table. Used
 * by the streaming and memory benchmarks, in process or as a plugin jar ({@link PluginJar}).
 */
public final class SyntheticSpec implements ServiceSpec {
    @Override public String serviceType() { return "Synthetic"; }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<SyntheticConnection> connectionType() { return SyntheticConnection.class; }
    @Override public String connectionSchema() { return "/schemas/syntheticConnection.json"; }
    @Override public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, SyntheticSource.class));
    }
}
