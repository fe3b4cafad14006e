package io.metaingest.runtime.steps;

import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.runtime.sink.ConsoleSink;
import io.metaingest.runtime.sink.FileSink;
import java.util.List;

/**
 * The steps shipped with the runtime, contributed through the same {@link StepProvider} contract
 * as a plugin's: the {@code file} and {@code console} sinks, and OpenMetadata's usage pipeline steps
 * {@code table-usage} and {@code metadata-usage}.
 */
public final class BuiltInSteps implements StepProvider {

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(
                StepSpec.sink("file", FileSink.class, Object.class, FileSink.Config.class, "/schemas/sink/file.json"),
                StepSpec.sink("console", ConsoleSink.class, Object.class, ConsoleSink.Config.class,
                        "/schemas/sink/console.json"));
    }
}
