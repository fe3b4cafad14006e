package io.metaingest.connectors.microstrategy;

import static io.metaingest.connectors.microstrategy.TestSupport.config;
import static io.metaingest.connectors.microstrategy.TestSupport.connection;
import static io.metaingest.connectors.microstrategy.TestSupport.readAll;
import static io.metaingest.connectors.microstrategy.TestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.runtime.Mappers;
import io.metaingest.testkit.GoldenFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole small run (two projects, seven dossiers, a broken definition, a classic document, every
 * kind of cube) against golden files: the records as the file sink writes them, and the failures,
 * warnings and filtered entities, each sorted; the server's address is replaced by
 * {@value #HOST}. Run with {@code -Dmetaingest.golden.update=true} (the kit's flag,
 * {@link GoldenFiles#UPDATE_PROPERTY}) to rewrite them.
 */
class MicroStrategyGoldenTest {

    private static final String HOST = "http://mstr.test";
    private static final Path DIR = Path.of("src/test/resources/microstrategy/golden");
    private static final ObjectMapper MAPPER = Mappers.standard();

    @Test
    void aSmallRunMatchesTheGoldenFiles() throws Exception {
        List<Result<EntityRequest>> results;
        String host;
        try (MstrServer server = new MstrServer(MstrFixtures.small())) {
            host = server.hostPort();
            results = readAll(source(connection(server), config(List.of("warehouse_pg"))));
        }
        List<String> records = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Result<EntityRequest> r : results) {
            ObjectNode line = MAPPER.createObjectNode();
            if (r instanceof Result.Ok<EntityRequest> ok) {
                line.put("entityType", ok.record().entityType()).set("entity", MAPPER.valueToTree(ok.record()));
                records.add(MAPPER.writeValueAsString(line).replace(host, HOST));
                continue;
            }
            if (r instanceof Result.Failed<EntityRequest> f) {
                line.put("kind", "failed").put("name", f.error().name()).put("message", f.error().error());
            } else if (r instanceof Result.Warning<EntityRequest> w) {
                line.put("kind", "warning").put("name", w.name()).put("message", w.message());
            } else if (r instanceof Result.Filtered<EntityRequest> f) {
                line.put("kind", "filtered").put("name", f.name()).put("message", f.reason());
            }
            others.add(MAPPER.writeValueAsString(line).replace(host, HOST));
        }
        records.sort(null);
        others.sort(null);
        assertThat(records).hasSizeGreaterThan(40);
        assertMatches("small-records.ndjson", records);
        assertMatches("small-other.ndjson", others);
    }

    private static void assertMatches(String file, List<String> lines) throws Exception {
        Path path = DIR.resolve(file);
        if (GoldenFiles.updating()) {
            Files.createDirectories(DIR);
            Files.write(path, lines, StandardCharsets.UTF_8);
            return;
        }
        assertThat(path).as("golden file %s missing; run with -D" + GoldenFiles.UPDATE_PROPERTY + "=true", path).exists();
        assertThat(lines).as("records differ from %s (regenerate with -D" + GoldenFiles.UPDATE_PROPERTY + "=true)", path)
                .containsExactlyElementsOf(Files.readAllLines(path, StandardCharsets.UTF_8));
    }
}
