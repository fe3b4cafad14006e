package io.metaingest.connectors.postgres;

import io.metaingest.api.entity.Histogram;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A column's quartiles and histogram, as OpenMetadata's profiler defines them, in SQL that runs inside
 * the profiler's one statement per table, over the same sampled rows ({@code s}) as every other metric.
 *
 * <p>Quartiles are {@code percentile_cont} (interpolated, in double precision), as OpenMetadata computes
 * them on PostgreSQL. The histogram's bins are Freedman-Diaconis' (width {@code 2 * IQR * n^(-1/3)}, 1
 * when the IQR is 0, {@code n} the values counted), or Sturges' ({@code ceil(log2(n) + 1)} bins) when
 * that gives more than 100 bins, and at most 100; bin {@code i} starts at {@code min + i * width}, the last
 * is open above, and a column whose values are all one value has none (0 bins, as in OpenMetadata). The
 * server computes the bins' lower bounds and counts against those same bounds ({@code width_bucket}),
 * so labels and counts cannot disagree.
 */
final class ColumnDistribution {

    /** OpenMetadata's largest number of bins. */
    static final int MAX_BINS = 100;

    /** The span of values (2^1023) from which a histogram's width or bounds could overflow double precision. */
    static final String WIDEST_SPAN = "8.98846567431158e307";

    /** Half of {@link #WIDEST_SPAN}: two values of opposite signs within it can be subtracted. */
    private static final String HALF_SPAN = "4.49423283715579e307";

    /**
     * The least span (and IQR) binned: a bin's width under it, a few subnormals, could underflow to 0,
     * which PostgreSQL refuses.
     */
    static final String NARROWEST_SPAN = "1e-317";

    private static final String[] UNITS = {"", "K", "M", "B", "T"};

    private ColumnDistribution() {
    }

    /** The aggregate of the first quartile, median and third quartile of {@code value} (a float8 array). */
    static String quartiles(String value, String filter) {
        return "percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY " + value + ")" + filter;
    }

    /**
     * Whether the bins of values from {@code lo} to {@code hi} (float8) can be computed in double
     * precision: PostgreSQL refuses a float8 result beyond its range (SQLSTATE 22003), which would fail
     * the table's statement, so a column whose values span {@value #WIDEST_SPAN} or more (values near
     * ±1.7e308 of both signs), or less than {@value #NARROWEST_SPAN} without being one value, gets no
     * histogram; within these spans no step of {@link #bounds} can overflow or underflow. Only
     * comparisons are evaluated before the span is known to be safe to subtract. Null without values.
     */
    private static String binnable(String lo, String hi) {
        return "(CASE WHEN " + lo + " IS NULL OR " + hi + " IS NULL THEN NULL WHEN " + lo + " >= 0 OR " + hi + " <= 0 OR (" + lo + " > -" + HALF_SPAN + " AND " + hi + " < "
                + HALF_SPAN + ") THEN " + hi + " - " + lo + " < " + WIDEST_SPAN + " AND (" + hi + " = " + lo + " OR "
                + hi + " - " + lo + " >= " + NARROWEST_SPAN + ") ELSE false END)";
    }

    /**
     * The lower bounds of the bins (a float8 array), from the values' smallest {@code lo}, largest
     * {@code hi}, their count {@code n} and quartiles array {@code q}: null without values or with a single
     * value, empty when the values are not {@link #binnable}.
     */
    static String bounds(String lo, String hi, String n, String q) {
        // What depends on the span is computed only when it is binnable, in CASEs (which PostgreSQL evaluates
        // lazily); 2 * IQR * n^(-1/3) is written IQR * (2 * n^(-1/3)), the same double, which cannot overflow.
        return "(SELECT CASE WHEN NOT t.fits THEN '{}'::float8[] ELSE (SELECT array_agg(f.lo + i * f.w ORDER BY i)"
                + " FROM (SELECT lo,"
                + " CASE WHEN fd_n <= " + MAX_BINS + " THEN fd_w ELSE (hi - lo) / least(st_n, " + MAX_BINS + ") END AS w,"
                + " CASE WHEN fd_n <= " + MAX_BINS + " THEN fd_n ELSE least(st_n, " + MAX_BINS + ") END AS nb"
                // divided only when fd_w >= 1 or the quotient is at most 1000, so it cannot overflow
                + " FROM (SELECT lo, hi, fd_w, CASE WHEN fd_w >= 1 THEN ceil((hi - lo) / fd_w)"
                + " WHEN hi - lo <= fd_w * 1000 THEN ceil((hi - lo) / fd_w) END AS fd_n,"
                // numeric log: exact for a power of two, where a float8 quotient of logarithms may not be
                + " ceil(log(2, nullif(n, 0)::numeric) + 1) AS st_n"
                // an IQR under NARROWEST_SPAN (not 0) could make the width underflow: Sturges' bins then
                + " FROM (SELECT t.lo, t.hi, t.n, CASE WHEN t.q3 - t.q1 = 0 THEN 1 WHEN t.q3 - t.q1 >= " + NARROWEST_SPAN
                + " THEN (t.q3 - t.q1) * (2 * power(nullif(t.n, 0)::float8, -1::float8 / 3)) END AS fd_w) p"
                // no values: no bins (least() would take 100 over a null count)
                + " WHERE p.n > 0) q) f, generate_series(0, f.nb::int - 1) i) END"
                + " FROM (SELECT r.*, " + binnable("r.lo", "r.hi") + " AS fits FROM (SELECT " + lo + "::float8 AS lo, "
                + hi + "::float8 AS hi, " + n + " AS n, " + q + "[1] AS q1, " + q + "[3] AS q3) r) t)";
    }

    /**
     * The values of {@code value} in each bin of {@code bounds} (a bigint array, null when there are no
     * bins), over the sampled rows where {@code where} holds.
     */
    static String frequencies(String value, String where, String bounds) {
        return "(SELECT array_agg(coalesce(g.k, 0) ORDER BY i) FROM generate_series(1, cardinality(" + bounds
                + ")) i LEFT JOIN (SELECT width_bucket(" + value + ", " + bounds + ") AS bin, count(*) AS k FROM s WHERE "
                + where + " GROUP BY 1) g ON g.bin = i)";
    }

    /** The histogram of the bins' lower bounds and their counts, or null when there are no bins. */
    static Histogram histogram(Double[] bounds, Long[] counts) {
        if (bounds == null || counts == null || bounds.length == 0) {
            return null;
        }
        List<String> labels = new ArrayList<>(bounds.length);
        for (int i = 0; i < bounds.length; i++) {
            labels.add(i < bounds.length - 1 ? label(bounds[i]) + " to " + label(bounds[i + 1])
                    : label(bounds[i]) + " and up");
        }
        return new Histogram(labels, Arrays.asList(counts));
    }

    /**
     * A bin's bound as OpenMetadata writes it ({@code format_large_string_numbers}): three decimals, in
     * thousands (K), millions (M), billions (B) or trillions (T) from 1,000 on, {@code 1e15} and up as a
     * whole number of the power. Below 1 (in magnitude) the number itself with three decimals:
     * OpenMetadata's helper would pick a unit from the end of its list there (0.5 reads "500.000T").
     */
    static String label(double number) {
        if (number == 0) {
            return "0";
        }
        // As Python's math.log(x, 1000): the quotient of natural logarithms, rounding included.
        int magnitude = Math.max(0, (int) Math.floor(Math.log(Math.abs(number)) / Math.log(1000.0)));
        double scaled = number / Math.pow(1000.0, magnitude);
        if (magnitude >= UNITS.length) {
            return (long) scaled + "e" + magnitude * 3;
        }
        // Rounded from the double's exact value, half to even, as Python's format does.
        return new BigDecimal(scaled).setScale(3, RoundingMode.HALF_EVEN).toPlainString() + UNITS[magnitude];
    }
}
