package io.metaingest.openmetadata;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import java.util.List;

/**
 * The OpenMetadata steps a workflow names by type: the {@code metadata-rest} sink, the
 * {@code table-usage} stage and the {@code metadata-usage} bulk sink. The runtime ships them with
 * its own built-in steps.
 */
public final class OpenMetadataSteps implements StepProvider {

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(
                StepSpec.sink("metadata-rest", MetadataRestSink.class, EntityRequest.class, MetadataRestSinkConfig.class,
                        "/schemas/sink/metadata-rest.json"),
                StepSpec.stage("table-usage", TableUsageStage.class, EntityRequest.class, TableUsageStage.Config.class,
                        "/schemas/stage/table-usage.json"),
                StepSpec.bulkSink("metadata-usage", MetadataUsageBulkSink.class, MetadataUsageBulkSink.Config.class,
                        "/schemas/bulkSink/metadata-usage.json"));
    }
}
