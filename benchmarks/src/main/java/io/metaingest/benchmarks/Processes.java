package io.metaingest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs whole processes under {@code /usr/bin/time} and reads what they cost. */
public final class Processes {

    private Processes() {
    }

    /**
     * What one process cost.
     *
     * @param seconds wall time
     * @param cpuSeconds user + system CPU time of the process and its children
     * @param maxRssKb peak resident set size
     */
    public record Measured(double seconds, double cpuSeconds, long maxRssKb) {
        /** Peak RSS in MB. */
        public long rssMb() {
            return maxRssKb / 1024;
        }
    }

    /**
     * Runs {@code command} to its end; its output goes to {@code log}. A non-zero exit fails with
     * the log's name, so a benchmark never reports the time of a run that did not work.
     */
    public static Measured run(List<String> command, Map<String, String> env, Path log) throws IOException, InterruptedException {
        Path timing = Files.createTempFile("time", ".txt");
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timing.toString()));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        int code = pb.start().waitFor();
        String[] parts = Files.readString(timing).trim().split("\\s+");
        Files.delete(timing);
        if (code != 0) {
            throw new IllegalStateException("exit " + code + " from " + String.join(" ", command) + ": see " + log);
        }
        int n = parts.length;
        return new Measured(Double.parseDouble(parts[n - 4]), Double.parseDouble(parts[n - 3]) + Double.parseDouble(parts[n - 2]),
                Long.parseLong(parts[n - 1]));
    }

    /** The median of {@code values}. */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The java launcher of this JVM. */
    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
