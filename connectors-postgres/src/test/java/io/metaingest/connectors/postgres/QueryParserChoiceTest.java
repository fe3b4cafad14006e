package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.StepSpec;
import io.metaingest.runtime.registry.RegisteredStep;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.StepKind;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.runtime.usage.QueryParserProcessor;
import org.junit.jupiter.api.Test;

/** With the runtime's generic {@code query-parser} registered too, a Postgres usage source keeps its own. */
class QueryParserChoiceTest {

    private final ServiceSpecRegistry registry = ServiceSpecRegistry.of(new PostgresSpec())
            .with("runtime", new BuiltInSteps());

    private Class<?> queryParserFor(String serviceType) {
        return registry.findStep(StepKind.PROCESSOR, "query-parser", serviceType).map(RegisteredStep::spec)
                .map(StepSpec::stepClass).orElseThrow();
    }

    @Test
    void postgresGetsItsOwnParserAndAnyOtherDatabaseTheBuiltInOne() {
        assertThat(registry.problems()).isEmpty();
        assertThat(queryParserFor("Postgres")).isEqualTo(PostgresQueryParser.class);
        assertThat(queryParserFor("postgres")).isEqualTo(PostgresQueryParser.class);
        assertThat(queryParserFor("Mysql")).isEqualTo(QueryParserProcessor.class);
    }
}
