package io.metaingest.runtime.config;

import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;

/**
 * What a test suite workflow runs as in place of a connector: OpenMetadata's {@code TestSuite}
 * service type, belonging to no single connector, whose "connection" is the {@link SuiteConnections}
 * of its listed services and whose one source is the runtime's test suite source. It is never
 * registered among the connectors; the loader makes one for each test suite workflow.
 */
final class TestSuiteSpec implements ServiceSpec {

    /** OpenMetadata's service type of test suites. */
    static final String SERVICE_TYPE = "TestSuite";

    private final Class<? extends Source<?>> source;

    TestSuiteSpec(Class<? extends Source<?>> source) {
        this.source = source;
    }

    @Override
    public String serviceType() {
        return SERVICE_TYPE;
    }

    @Override
    public ServiceCategory category() {
        return ServiceCategory.DATABASE;
    }

    @Override
    public Class<SuiteConnections> connectionType() {
        return SuiteConnections.class;
    }

    @Override
    public String connectionSchema() {
        return "/schemas/sourceConfig/TestSuite.json";
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.TEST_SUITE, source));
    }

    @Override
    public String description() {
        return "data-quality tests over the services listed in serviceConnections";
    }
}
