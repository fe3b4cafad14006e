package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Metaingest#withVariables}: variables a caller hands to its workflows, before the environment. */
class MetaingestVariablesTest {

    @TempDir
    Path dir;

    private final Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new ShelfSpec()), Mappers.standard(),
            Clock.systemUTC(), Map.of("SHELF_HOST", "shelf:1", "SHELF_PASSWORD", "from-the-environment")::get);

    private Path workflow() throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.shelfSource("""
                hostPort: "${SHELF_HOST}"
                password: "${SHELF_PASSWORD}"
                username: "${SHELF_USER}"
                """) + """
                sink: {type: console, config: {}}
                """);
    }

    @Test
    void theCallersVariablesComeFirstAndTheEnvironmentFillsTheRest() throws Exception {
        LoadedWorkflow workflow = runtime.withVariables(Map.of("SHELF_PASSWORD", "handed-over", "SHELF_USER", "reader"))
                .load(workflow());

        ShelfConnection connection = (ShelfConnection) workflow.connection();
        assertThat(connection.password().reveal()).isEqualTo("handed-over");
        assertThat(connection.username()).isEqualTo("reader");
        assertThat(connection.hostPort()).isEqualTo("shelf:1");
        assertThat(workflow.masker().mask("password handed-over")).doesNotContain("handed-over");
    }

    @Test
    void theOriginalRuntimeDoesNotSeeThem() throws Exception {
        runtime.withVariables(Map.of("SHELF_USER", "reader"));

        assertThatThrownBy(() -> runtime.load(workflow())).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SHELF_USER");
    }
}
