package io.metaingest.openmetadata;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import java.util.List;

/**
 * The OpenMetadata step a workflow names by type: the {@code metadata-rest} sink. The runtime
 * ships it with its own built-in steps.
 */
public final class OpenMetadataSteps implements StepProvider {

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.sink("metadata-rest", MetadataRestSink.class, EntityRequest.class,
                MetadataRestSinkConfig.class, "/schemas/sink/metadata-rest.json"));
    }
}
