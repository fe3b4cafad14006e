package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.runtime.files.RunProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The record of an output commit under way ({@link RunReportWriter#OUTPUT_COMMITTING}), and how a reader of a report
 * whose run ended without a final state tells from the destination whether that commit happened.
 *
 * <p>Why the destination's identity: a rename over a file gives the path another file (inode), one that existed beside
 * it, so it can never carry the identity recorded before. A run killed before its rename leaves the destination as it
 * was (same identity); one killed after it, while it recorded the commit, leaves another. Only a process on the
 * report's host may compare: elsewhere the path names another file system.
 */
public final class CommitRecord {

    /** The states of a run without a final one. */
    private static final Set<String> UNFINISHED = Set.of("running", "queued");

    private CommitRecord() {
    }

    /**
     * The record of {@code output}'s commit beginning at {@code at}: step, destination, records, and {@code replaces},
     * the identity of the file there now ({@code null} when there is none). Empty when the destination is not a file
     * path, or its file system gives files no identity.
     */
    static Optional<ObjectNode> of(SinkOutput output, Instant at, ObjectMapper mapper) {
        Optional<Path> file = pathOf(output.destination());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String replaces; // null: no file there, the commit creates it
        try {
            Optional<String> existing = identity(file.get());
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            replaces = existing.get();
        } catch (NoSuchFileException e) {
            replaces = null;
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(mapper.createObjectNode().put("step", output.step()).put("destination", output.destination())
                .put("records", output.records()).put("at", at.toString()).put("replaces", replaces));
    }

    /**
     * {@code run} as it is, or, when it is unfinished, records a commit under way and no commit done, was written on
     * this host, and its destination is now another file than the one it was to replace, a copy recording that commit
     * as done ({@code outputs} kept, {@link RunReportWriter#OUTPUT_COMMITTED_AT} when it began), as the run would have.
     */
    public static JsonNode resolved(JsonNode run) {
        JsonNode committing = run.path(RunReportWriter.OUTPUT_COMMITTING);
        if (!committing.isObject() || run.has(RunReportWriter.OUTPUT_COMMITTED_AT) || !(run instanceof ObjectNode)
                || !UNFINISHED.contains(run.path("state").asText(""))) {
            return run;
        }
        Optional<RunProcess> writer = RunProcess.of(run);
        String host = RunProcess.current().host();
        if (writer.isEmpty() || host.isEmpty() || !writer.get().host().equals(host)) {
            return run;
        }
        Optional<Path> file = pathOf(committing.path("destination").asText(""));
        if (file.isEmpty() || !replaced(file.get(), committing.path("replaces"))) {
            return run;
        }
        ObjectNode done = ((ObjectNode) run).deepCopy();
        done.withArray("outputs").addObject().put("step", committing.path("step").asText())
                .put("destination", committing.path("destination").asText())
                .put("records", committing.path("records").asLong()).put("discarded", 0).put("kept", true);
        done.put(RunReportWriter.OUTPUT_COMMITTED_AT, committing.path("at").asText());
        return done;
    }

    /** Whether the file at {@code file} is not the one {@code replaces} names (or, null, it now exists where none was). */
    private static boolean replaced(Path file, JsonNode replaces) {
        try {
            Optional<String> now = identity(file);
            return now.isPresent() && (replaces.isNull() || !now.get().equals(replaces.asText()));
        } catch (IOException e) {
            return false; // gone or unreadable: nothing tells that this run put it there
        }
    }

    /** The file's identity (device and inode), as a text; empty when the file system has none. */
    static Optional<String> identity(Path file) throws IOException {
        Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return Optional.ofNullable(key).map(String::valueOf);
    }

    private static Optional<Path> pathOf(String destination) {
        try {
            Path file = Path.of(destination);
            return file.isAbsolute() ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty(); // a URL: an API's destination has no file to look at
        }
    }
}
