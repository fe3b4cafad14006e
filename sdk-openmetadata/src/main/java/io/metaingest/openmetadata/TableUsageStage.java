package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Stage;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.UsageRequest;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code table-usage} stage: keeps the usage counts and queries a usage source emits in
 * {@code <filename>/table-usage.ndjson}, so the {@code metadata-usage} bulk sink can add up the
 * counts per table and day once the source is done. The file is replaced at the start of a run.
 */
public final class TableUsageStage implements Stage<EntityRequest> {

    /**
     * {@code stage.config}.
     *
     * @param filename the folder the staged file is written to
     */
    public record Config(String filename) {
    }

    private final ObjectMapper mapper;
    private final BufferedWriter writer;

    /** Opens (and truncates) the staged file, creating its folder. */
    @Inject
    public TableUsageStage(Config config, ObjectMapper mapper) throws IOException {
        this.mapper = mapper;
        Path file = UsageStageFile.in(config.filename());
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    @Override
    public void stage(EntityRequest record) throws IOException {
        if (!(record instanceof UsageRequest) && !(record instanceof CreateQueryRequest)) {
            throw new IOException("table-usage stages usage counts and queries, not " + record.entityType()
                    + " records; use the metadata-rest sink for them");
        }
        writer.write(UsageStageFile.line(mapper, record));
        writer.newLine();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
