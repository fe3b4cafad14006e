package io.metaingest.connectors.postgres;

import java.util.Set;

/**
 * A column as the profiler sees it: which metrics its type supports.
 *
 * @param name the column's name
 * @param quoted the name quoted for SQL
 * @param type the (base) type's name, e.g. {@code int4}
 * @param metrics the metrics its type supports
 */
record ProfileColumn(String name, String quoted, String type, Metrics metrics) {

    /** What can be computed for a column, from its type. */
    enum Metrics {
        /** Integers and decimals: counts, min, max, mean, sum, stddev. */
        NUMBER,
        /** Text: counts, min and max length. */
        TEXT,
        /** Dates and times: counts, min, max. */
        TIME,
        /** Other types with an equality (a default btree operator class): counts and distinct counts. */
        COMPARABLE,
        /** Types without one (json, xml, geometric, arrays): values and nulls only. */
        OPAQUE
    }

    /** Types of category N that are not plain numbers: money has no avg, and text renders it with a currency. */
    private static final Set<String> NOT_NUMBERS = Set.of("money", "oid", "regclass", "regproc", "regtype");

    static ProfileColumn of(String name, String quoted, String type, String category, boolean sortable) {
        Metrics metrics = switch (category) {
            case "N" -> NOT_NUMBERS.contains(type) ? (sortable ? Metrics.COMPARABLE : Metrics.OPAQUE) : Metrics.NUMBER;
            case "S" -> Metrics.TEXT;
            case "D" -> Metrics.TIME;
            default -> sortable ? Metrics.COMPARABLE : Metrics.OPAQUE;
        };
        return new ProfileColumn(name, quoted, type, metrics);
    }

    /** Whether values are binary (bytea): never shown as text in sample data. */
    boolean binary() {
        return type.equals("bytea");
    }

    /** Whether values are floating point, whose NaN and infinities JSON cannot hold. */
    boolean floating() {
        return type.equals("float4") || type.equals("float8");
    }
}
