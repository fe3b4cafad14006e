package io.metaingest.benchmarks;

import java.util.Locale;

/**
 * One line of the results table.
 *
 * @param benchmark the benchmark and scale, e.g. {@code 2 discovery, 200 plugins}
 * @param measured what metaingest did
 * @param reference what the reference did in the same run
 * @param ratio the ratio as the target states it, or empty
 * @param target the target, or empty
 * @param verdict {@code met}, {@code missed} or empty when there is no target
 */
public record Row(String benchmark, String measured, String reference, String ratio, String target, String verdict) {

    /** A row whose verdict is {@code met} when {@code ok}. */
    public static Row judged(String benchmark, String measured, String reference, double ratio, String target, boolean ok) {
        return new Row(benchmark, measured, reference, String.format(Locale.ROOT, "%.2f", ratio), target, ok ? "met" : "MISSED");
    }

    /** A row for information, without a target. */
    public static Row info(String benchmark, String measured, String reference) {
        return new Row(benchmark, measured, reference, "", "", "");
    }
}
