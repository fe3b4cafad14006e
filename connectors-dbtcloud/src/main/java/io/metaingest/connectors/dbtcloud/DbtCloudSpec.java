package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Optional;

/** The dbt Cloud connector: jobs as pipelines, runs as their statuses, model lineage from the Discovery API. */
public final class DbtCloudSpec implements ServiceSpec {

    @Override
    public String serviceType() {
        return DbtCloudConnection.TYPE;
    }

    @Override
    public ServiceCategory category() {
        return ServiceCategory.PIPELINE;
    }

    @Override
    public Class<DbtCloudConnection> connectionType() {
        return DbtCloudConnection.class;
    }

    @Override
    public String connectionSchema() {
        return "/schemas/dbtCloudConnection.json";
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.PIPELINE_METADATA, DbtCloudPipelineSource.class));
    }

    @Override
    public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(DbtCloudConnectionTester.class);
    }

    @Override
    public String description() {
        return "dbt Cloud jobs as pipelines, with run statuses and model lineage from the Discovery API";
    }
}
