package io.metaingest.connectors.fivetran;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.RenamedFilterNames;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Optional;

/** The Fivetran connector: pipelines, their statuses and lineage from Fivetran's REST API. */
public final class FivetranSpec implements ServiceSpec {

    @Override
    public String serviceType() {
        return "Fivetran";
    }

    @Override
    public ServiceCategory category() {
        return ServiceCategory.PIPELINE;
    }

    @Override
    public Class<FivetranConnection> connectionType() {
        return FivetranConnection.class;
    }

    @Override
    public String connectionSchema() {
        return "/schemas/fivetranConnection.json";
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.PIPELINE_METADATA, FivetranPipelineSource.class));
    }

    @Override
    public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(FivetranConnectionTester.class);
    }

    @Override
    public Optional<RenamedFilterNames> renamedFilterNames() {
        return Optional.of(FivetranPipelineNames.RENAMED);
    }

    @Override
    public String description() {
        return "Fivetran connectors as pipelines, with sync status and table/column lineage";
    }
}
