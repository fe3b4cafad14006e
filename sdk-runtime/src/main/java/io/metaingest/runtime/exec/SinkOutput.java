package io.metaingest.runtime.exec;

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
}
