package io.metaingest.runtime.steps;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.openmetadata.OpenMetadataSteps;
import io.metaingest.api.quality.TestCase;
import io.metaingest.runtime.quality.OrmTestRunner;
import io.metaingest.runtime.sink.ConsoleSink;
import io.metaingest.runtime.sink.FileSink;
import io.metaingest.runtime.usage.MetadataUsageBulkSink;
import io.metaingest.runtime.usage.QueryParserProcessor;
import io.metaingest.runtime.usage.TableUsageStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps shipped with the runtime, contributed through the same {@link StepProvider} contract
 * as a plugin's: the {@code file} and {@code console} sinks, OpenMetadata's usage pipeline steps
 * {@code query-parser}, {@code table-usage} and {@code metadata-usage}, the test runner {@code orm-test-runner}, and the {@code metadata-rest}
 * sink (from sdk-openmetadata). They serve a source of any service type; a connector's own step of
 * the same role and name wins for its service type (see {@code ServiceSpecRegistry#findStep}).
 */
public final class BuiltInSteps implements StepProvider {

    @Override
    public List<StepSpec<?>> steps() {
        List<StepSpec<?>> steps = new ArrayList<>(List.of(
                StepSpec.sink("file", FileSink.class, EntityRequest.class, FileSink.Config.class, "/schemas/sink/file.json"),
                StepSpec.sink("console", ConsoleSink.class, EntityRequest.class, ConsoleSink.Config.class,
                        "/schemas/sink/console.json"),
                StepSpec.processor("query-parser", QueryParserProcessor.class, TableQuery.class,
                        QueryParserProcessor.Config.class, "/schemas/processor/query-parser.json"),
                StepSpec.stage("table-usage", TableUsageStage.class, ParsedData.class, TableUsageStage.Config.class,
                        "/schemas/stage/table-usage.json"),
                StepSpec.bulkSink("metadata-usage", MetadataUsageBulkSink.class, MetadataUsageBulkSink.Config.class,
                        "/schemas/bulkSink/metadata-usage.json"),
                StepSpec.processor("orm-test-runner", OrmTestRunner.class, TestCase.class, OrmTestRunner.Config.class,
                        "/schemas/processor/orm-test-runner.json")));
        steps.addAll(new OpenMetadataSteps().steps());
        return List.copyOf(steps);
    }
}
