package io.metaingest.benchmarks.synthetic;

/**
 * The synthetic service's connection.
 *
 * @param tables how many tables to generate
 */
public record SyntheticConnection(int tables) {
}
