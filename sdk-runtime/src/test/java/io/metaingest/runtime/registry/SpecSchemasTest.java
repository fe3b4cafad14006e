package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.Mappers;
import io.metaingest.testconnectors.ShelfSource;
import io.metaingest.testconnectors.ShelfSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecSchemasTest {

    /** Applies the size default but forgets the mode default. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DefaultsConnection(String type, String hostPort, String mode, Integer size, Map<String, Object> auth) {
        public DefaultsConnection {
            size = size == null ? 10 : size;
        }
    }

    public static final class DefaultsSpec implements ServiceSpec {
        @Override public String serviceType() { return "Defaults"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<DefaultsConnection> connectionType() { return DefaultsConnection.class; }
        @Override public String connectionSchema() { return "/schemas/defaultsConnection.json"; }
        @Override public List<StepSpec<?>> steps() { // never run: only its schema is read
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, ShelfSource.class));
        }
    }

    @Test
    void aDefaultTheRecordForgetsIsNamedWithBothValues() {
        assertThat(SpecSchemas.defaultsNotApplied(new DefaultsSpec(), Mappers.standard()))
                .containsExactly("mode: schema says \"fast\", record gives nothing");
    }

    @Test
    void secretFieldsAreThoseTheSchemaMarksAtAnyDepth() {
        assertThat(SpecSchemas.secretFieldNames(new DefaultsSpec())).containsExactly("secretKey");
        assertThat(SpecSchemas.secretFieldNames(new ShelfSpec())).containsExactly("password");
    }
}
