package io.metaingest.runtime.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one JSON object per line: {@code {"entityType": "...", "entity": {...}}}. The file is
 * replaced at the start of a run. Lines are buffered and flushed at the end of the run.
 */
public final class FileSink implements Sink<Object> {

    private final Path path;
    private final ObjectMapper mapper;
    private final BufferedWriter writer;

    /**
     * The {@code file} sink's config.
     *
     * @param path the NDJSON file to write (its folder is created)
     */
    public record Config(String path) {
    }

    /** Opens (and truncates) the configured file, creating its folder. */
    @Inject
    public FileSink(Config config, ObjectMapper mapper) throws IOException {
        this(Path.of(config.path()), mapper);
    }

    /** Opens (and truncates) {@code path}, creating its folder. */
    public FileSink(Path path, ObjectMapper mapper) throws IOException {
        this.path = path;
        this.mapper = mapper.copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    @Override
    public WriteOutcome write(Object record) throws IOException {
        String type = record instanceof EntityRequest entity ? entity.entityType() : record.getClass().getSimpleName();
        // Serialise first so a record that cannot be written leaves no half line behind.
        String line = "{\"entityType\":" + mapper.writeValueAsString(type) + ",\"entity\":"
                + mapper.writeValueAsString(record) + "}";
        writer.write(line);
        writer.newLine();
        return WriteOutcome.CREATED;
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
