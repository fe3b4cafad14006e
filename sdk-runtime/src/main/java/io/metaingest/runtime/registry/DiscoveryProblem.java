package io.metaingest.runtime.registry;

/**
 * Something discovery could not use, reported without stopping the other connectors.
 *
 * @param where the plugin folder, jar or class concerned
 * @param problem what is wrong and what to do about it, on one line
 */
public record DiscoveryProblem(String where, String problem) {

    @Override
    public String toString() {
        return where + ": " + problem;
    }
}
