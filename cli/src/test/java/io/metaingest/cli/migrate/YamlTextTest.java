package io.metaingest.cli.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** migrate reads a workflow file's YAML with the loader's limits: a file validate takes, migrate takes too. */
class YamlTextTest {

    @Test
    void moreAliasesThanSnakeYamlsDefaultAreRead() {
        // 60 aliases of one mapping (a suite listing one connection for each of its services): over SnakeYAML's 50.
        String text = "pg: &pg {type: Postgres}\nservices:\n" + IntStream.range(0, 60)
                .mapToObj(i -> "  - {serviceName: s" + i + ", serviceConnection: *pg}").collect(Collectors.joining("\n")) + "\n";

        assertThat(YamlText.parse(text).text()).isEqualTo(text);
    }
}
