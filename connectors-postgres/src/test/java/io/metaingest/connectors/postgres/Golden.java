package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.testkit.GoldenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Golden NDJSON files, in the file sink's format: one {@code {"entityType", "entity"}} object per
 * line, lines sorted. {@code -Dmetaingest.golden.update=true} (the kit's flag) rewrites them.
 */
final class Golden {

    static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Golden() {
    }

    static List<String> lines(List<EntityRequest> records) throws IOException {
        List<String> lines = new ArrayList<>();
        for (EntityRequest r : records) {
            ObjectNode line = JSON.createObjectNode();
            line.put("entityType", r.entityType());
            line.set("entity", JSON.valueToTree(r));
            lines.add(JSON.writeValueAsString(line));
        }
        lines.sort(null);
        return lines;
    }

    /** Compares with (or rewrites) {@code src/test/resources/postgres/<name>}. */
    static void check(String name, List<EntityRequest> records) throws IOException {
        List<String> actual = lines(records);
        Path file = Path.of(System.getProperty("metaingest.goldenDir", "src/test/resources/postgres")).resolve(name);
        if (GoldenFiles.updating()) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file %s (regenerate with -Dmetaingest.golden.update=true)", file).exists();
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(GoldenFiles.diff(expected, actual))
                .as("records differ from %s (regenerate with -Dmetaingest.golden.update=true)", file).isEmpty();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
