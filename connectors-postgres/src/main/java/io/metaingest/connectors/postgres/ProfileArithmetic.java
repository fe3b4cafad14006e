package io.metaingest.connectors.postgres;

/**
 * How the profiler's statement computes a decimal or float column's mean, sum, stddev and distribution.
 * Double precision is the fast way and fits ordinary tables; a sum or a sum of squares beyond
 * {@code ±1.8e308} (a float8 of 1e200, a numeric of 1e300) makes PostgreSQL refuse the whole statement
 * (SQLSTATE 22003), so the table's statement is then run again exactly. (Quartiles and histograms never
 * overflow: {@link ColumnDistribution} leaves out what double precision cannot compute, column by column.)
 */
enum ProfileArithmetic {
    /** Moments in double precision: one scan, as fast as the server goes. */
    DOUBLE,
    /** Moments over {@code numeric} (exact, any magnitude); quartiles and histogram still in double precision. */
    EXACT;

    /** The next way to try after this one overflowed, or null when none is left. */
    ProfileArithmetic next() {
        return this == DOUBLE ? EXACT : null;
    }
}
