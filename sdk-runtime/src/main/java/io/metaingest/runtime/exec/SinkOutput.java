package io.metaingest.runtime.exec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What a sink left at its destination when the run ended, for the report and the outcome line.
 *
 * @param step the sink step's name
 * @param destination where its records go (a path, a URL)
 * @param records records that reached the destination and stay there: 0 when the output was not kept,
 *                so that summing {@code records} over outputs never counts records thrown away
 * @param discarded records the sink took (written, or still in its buffer) and discarded with its output (the run
 *                  failed); 0 when kept
 * @param kept whether the output stays there: false when the run failed and the sink discarded
 *             its output (the file sink then leaves the previous file as it was)
 */
public record SinkOutput(String step, String destination, long records, long discarded, boolean kept) {

    /**
     * What a sink that wrote {@code written} records left: as {@code records} when its output is kept, as
     * {@code discarded} when it is not.
     */
    public static SinkOutput of(String step, String destination, long written, boolean kept) {
        return new SinkOutput(step, destination, kept ? written : 0, kept ? 0 : written, kept);
    }

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
