package io.metaingest.runtime.steps;

import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.openmetadata.OpenMetadataSteps;
import io.metaingest.runtime.sink.ConsoleSink;
import io.metaingest.runtime.sink.FileSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps shipped with the runtime, contributed through the same {@link StepProvider} contract
 * as a plugin's: the {@code file} and {@code console} sinks, and OpenMetadata's {@code metadata-rest}
 * sink, {@code table-usage} stage and {@code metadata-usage} bulk sink (from sdk-openmetadata).
 */
public final class BuiltInSteps implements StepProvider {

    @Override
    public List<StepSpec<?>> steps() {
        List<StepSpec<?>> steps = new ArrayList<>(List.of(
                StepSpec.sink("file", FileSink.class, Object.class, FileSink.Config.class, "/schemas/sink/file.json"),
                StepSpec.sink("console", ConsoleSink.class, Object.class, ConsoleSink.Config.class,
                        "/schemas/sink/console.json")));
        steps.addAll(new OpenMetadataSteps().steps());
        return List.copyOf(steps);
    }
}
