package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.testkit.GoldenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden files: records as the runtime's file sink writes them ({@code {"entityType":…,"entity":…}}
 * per line), sorted. Run with {@code -Dmetaingest.golden.update=true} (the kit's flag) to rewrite them.
 */
final class Golden {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path DIR = Path.of("src/test/resources/fivetran/golden");

    private Golden() {
    }

    /** One line per record, in the file sink's format, sorted. */
    static List<String> recordLines(List<Result<EntityRequest>> results) {
        List<String> lines = new ArrayList<>();
        for (Result<EntityRequest> r : results) {
            if (r instanceof Result.Ok<EntityRequest> ok) {
                try {
                    lines.add("{\"entityType\":" + MAPPER.writeValueAsString(ok.record().entityType())
                            + ",\"entity\":" + MAPPER.writeValueAsString(ok.record()) + "}");
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** One line per failure, warning or filtered entity (no stack traces), sorted. */
    static List<String> otherLines(List<Result<EntityRequest>> results) {
        List<String> lines = new ArrayList<>();
        for (Result<EntityRequest> r : results) {
            ObjectNode line = MAPPER.createObjectNode();
            if (r instanceof Result.Failed<EntityRequest> f) {
                line.put("kind", "failed").put("name", f.error().name()).put("message", f.error().error());
            } else if (r instanceof Result.Warning<EntityRequest> w) {
                line.put("kind", "warning").put("name", w.name()).put("message", w.message());
            } else if (r instanceof Result.Filtered<EntityRequest> f) {
                line.put("kind", "filtered").put("name", f.name()).put("message", f.reason());
            } else {
                continue;
            }
            lines.add(line.toString());
        }
        lines.sort(null);
        return lines;
    }

    static void assertMatches(String file, List<String> lines) {
        Path path = DIR.resolve(file);
        try {
            if (GoldenFiles.updating()) {
                Files.createDirectories(DIR);
                Files.write(path, lines, StandardCharsets.UTF_8);
                return;
            }
            assertThat(path).as("golden file %s missing; run with -Dmetaingest.golden.update=true", path).exists();
            List<String> expected = Files.readAllLines(path, StandardCharsets.UTF_8);
            assertThat(GoldenFiles.diff(expected, lines))
                    .as("records differ from %s (regenerate with -Dmetaingest.golden.update=true)", path).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
