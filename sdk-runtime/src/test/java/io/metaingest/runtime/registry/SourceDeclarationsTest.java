package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Sources are declared among a connector's steps; the registry refuses declarations it cannot run. */
class SourceDeclarationsTest {

    /** A source that reads nothing. */
    public static final class NothingSource implements Source<Object> {
        @Override
        public Stream<Result<Object>> read() {
            return Stream.empty();
        }
    }

    /** A connector of a category whose steps are given. */
    record DeclaredSpec(String serviceType, ServiceCategory category, List<StepSpec<?>> steps) implements ServiceSpec {
        @Override
        public Class<?> connectionType() {
            return Map.class;
        }

        @Override
        public String connectionSchema() {
            return "/schemas/sink/console.json";
        }
    }

    private static StepSpec<?> source(SourceConfigType type) {
        return StepSpec.source(type, NothingSource.class);
    }

    @Test
    void aSourceDeclarationCarriesItsKindItsRecordAndTheRuntimesSchema() {
        StepSpec.SourceSpec<?> lineage = (StepSpec.SourceSpec<?>) source(SourceConfigType.DATABASE_LINEAGE);
        assertThat(lineage.role()).isEqualTo(StepSpec.Role.SOURCE);
        assertThat(lineage.kind()).isEqualTo(WorkflowKind.LINEAGE);
        assertThat(lineage.type()).isEqualTo("DatabaseLineage");
        assertThat(lineage.configType()).isEqualTo(DatabaseLineageConfig.class);
        assertThat(ServiceSpecRegistry.class.getResource(lineage.configSchema())).isNotNull();
        assertThatThrownBy(() -> StepSpec.source(null, NothingSource.class)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("SourceConfigType");
    }

    @Test
    void theSourcesOfAConnectorAreReadFromItsSteps() {
        DeclaredSpec spec = new DeclaredSpec("Sourced", ServiceCategory.DATABASE, List.of(
                source(SourceConfigType.DATABASE_USAGE), source(SourceConfigType.DATABASE_METADATA)));
        assertThat(ConnectorSources.of(spec).keySet()).containsExactly(WorkflowKind.METADATA, WorkflowKind.USAGE);
        assertThat(ConnectorSources.of(spec, WorkflowKind.LINEAGE)).isEmpty();
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(spec);
        assertThat(registry.problems()).isEmpty();
        assertThat(registry.find("sourced")).isPresent();
    }

    @Test
    void aConnectorWithoutAMetadataSourceIsRefusedWithTheDeclarationToAdd() {
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(new DeclaredSpec("Lineless", ServiceCategory.PIPELINE,
                List.of(source(SourceConfigType.DATABASE_LINEAGE))));
        assertThat(registry.find("Lineless")).isEmpty();
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).singleElement().asString()
                .endsWith("steps() declares no metadata source; every connector needs one, e.g. "
                        + "StepSpec.source(SourceConfigType.PIPELINE_METADATA, YourSource.class)");
    }

    @Test
    void twoSourcesOfOneKindAreRefused() {
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(new DeclaredSpec("Twice", ServiceCategory.DATABASE,
                List.of(source(SourceConfigType.DATABASE_METADATA), source(SourceConfigType.DATABASE_METADATA))));
        assertThat(registry.find("Twice")).isEmpty();
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).singleElement().asString()
                .contains("steps() declares two metadata sources").endsWith("; keep one");
    }

    @Test
    void aMetadataSourceThatDoesNotFitTheCategoryIsRefused() {
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(new DeclaredSpec("Misfit", ServiceCategory.DASHBOARD,
                List.of(source(SourceConfigType.PIPELINE_METADATA))));
        assertThat(registry.find("Misfit")).isEmpty();
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).singleElement().asString()
                .endsWith("the metadata source reads PipelineMetadata but a dashboard connector's metadata workflow is "
                        + "DashboardMetadata; declare StepSpec.source(SourceConfigType.DASHBOARD_METADATA, …)");
    }

    @Test
    void aStepProviderThatIsNotAConnectorCannotDeclareASource() {
        StepProvider provider = () -> List.of(source(SourceConfigType.DATABASE_METADATA));
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(provider);
        assertThat(registry.problems()).extracting(DiscoveryProblem::toString).singleElement().asString()
                .endsWith("source 'DatabaseMetadata' declared by a step provider that is not a connector; declare "
                        + "sources in the ServiceSpec's steps()");
    }
}
