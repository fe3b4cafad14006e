package io.metaingest.connectors.microstrategy;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The MicroStrategy connector: dossiers, their visualizations, datasets and lineage from the Library REST API. */
public final class MicroStrategySpec implements ServiceSpec {

    @Override
    public String serviceType() {
        return "MicroStrategy";
    }

    /** OpenMetadata 1.5 called the service type {@code Mstr}. */
    @Override
    public Set<String> formerServiceTypes() {
        return Set.of("Mstr");
    }

    @Override
    public ServiceCategory category() {
        return ServiceCategory.DASHBOARD;
    }

    @Override
    public Class<MicroStrategyConnection> connectionType() {
        return MicroStrategyConnection.class;
    }

    @Override
    public String connectionSchema() {
        return "/schemas/microStrategyConnection.json";
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.DASHBOARD_METADATA, MicroStrategyDashboardSource.class));
    }

    @Override
    public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(MicroStrategyConnectionTester.class);
    }

    @Override
    public String description() {
        return "MicroStrategy dossiers as dashboards and charts, datasets as data models, with cube-to-table lineage";
    }
}
