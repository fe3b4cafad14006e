package io.metaingest.runtime.exec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What a sink left at its destination when the run ended, for the report and the outcome line.
 *
 * @param step the sink step's name
 * @param destination where its records go (a path, a URL)
 * @param records records that reached the destination, as counted in the sink step's status
 * @param kept whether those records stay there: false when the run failed and the sink discarded
 *             its output (the file sink then leaves the previous file as it was)
 */
public record SinkOutput(String step, String destination, long records, boolean kept) {

    /**
     * What the destination of an output that was not kept holds, for messages: its previous content,
     * or nothing at all when the run would have created it (a discarded output never touches it).
     */
    public String leftAsItWas() {
        return destination + (existed() ? " keeps its previous content" : " was not created");
    }

    private boolean existed() {
        try {
            return !Files.notExists(Path.of(destination));
        } catch (InvalidPathException e) {
            return true; // not a path (a URL): whatever it held, it holds
        }
    }
}
