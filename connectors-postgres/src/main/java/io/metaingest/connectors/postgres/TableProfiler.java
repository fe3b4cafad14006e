package io.metaingest.connectors.postgres;

import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.Histogram;
import io.metaingest.api.entity.TableProfile;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Profiles one table with one aggregate statement (not one per column): the sampled rows are read
 * once into a materialized CTE, and every column's metrics are aggregates over it; each column's
 * distinct and unique counts come from one grouping of the same CTE (a scalar sub-query), the
 * standard deviation is the population's ({@code stddev_pop}, in double precision; a statement that
 * overflows it is run again exactly, see {@link ProfileArithmetic}). PostgreSQL allows 1,664 result columns, so a table wider
 * than {@value #COLUMNS_PER_STATEMENT} columns is profiled in one statement per that many columns.
 * With {@code useStatistics} nothing of the table is read: row counts come from {@code pg_class},
 * null fractions and distinct estimates from {@code pg_stats} (estimates, as ANALYZE left them).
 * A percentage of a table of at most {@link Sampling#WHOLE_READ_BYTES} of pages reads it whole, and
 * the profile then reports no sample. Numbers and text (by length, as OpenMetadata measures text) also
 * get quartiles, skew and a histogram ({@link ColumnDistribution}): the histogram's bins need each
 * column's min, max and quartiles, so they are counted in a second step of the same statement, over
 * the same materialized sample.
 *
 * <p>Non-finite values ({@code numeric} and float {@code NaN}, {@code Infinity}, {@code -Infinity};
 * {@code date}/{@code timestamp}/{@code timestamptz} {@code infinity}, {@code -infinity}) count as
 * values (values, nulls, distinct and unique counts include them), but a column's min, max, mean, sum,
 * stddev, quartiles and histogram are computed over its finite values only (null when it has none),
 * and the table's profile then comes with a warning naming the column and how many values were left
 * out: JSON has no NaN or infinity, and a fake year (+999999999) or a NaN mean would hide the finite values' figures.
 */
final class TableProfiler {

    /** Columns per statement: each takes at most 11 result columns, within PostgreSQL's 1,664. */
    static final int COLUMNS_PER_STATEMENT = 150;

    /** PostgreSQL's SQLSTATE for an arithmetic result or cast beyond its type's range. */
    private static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";

    private static final BigDecimal DOUBLE_MAX = new BigDecimal(Double.MAX_VALUE);

    private static final DateTimeFormatter LOCAL_DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final ProfilerConfig config;
    private final Sampling sampling;

    TableProfiler(ProfilerConfig config) {
        this.config = config;
        this.sampling = Sampling.of(config);
    }

    /** The profile of {@code target}, read on {@code c} (whose transaction the caller ends). */
    CreateTableProfileRequest profile(Connection c, ProfileTarget target, String fqn, long timestamp) throws SQLException {
        return profile(c, target, fqn, timestamp, new ArrayList<>());
    }

    /**
     * The profile of {@code target}; what the profile leaves out (a column's non-finite values, which
     * its min, max, mean, sum and stddev do not cover) is added to {@code warnings}, one line per column.
     */
    CreateTableProfileRequest profile(Connection c, ProfileTarget target, String fqn, long timestamp,
                                      List<String> warnings) throws SQLException {
        return config.useStatistics() ? fromStatistics(c, target, fqn, timestamp, warnings)
                : measure(c, target, fqn, timestamp, warnings);
    }

    /** The warning for a table useStatistics cannot describe; the Result names the table by FQN. */
    static String neverAnalysed(ProfileTarget target) {
        return "the table was never analysed, so its statistics are empty: run ANALYZE " + target.qualified()
                + ", or set useStatistics: false";
    }

    /** The warning for a view useStatistics leaves out; the Result names the view by FQN. */
    static String viewWithoutStatistics(ProfileTarget target) {
        return "view " + target.qualified() + " was not profiled: a view has no statistics of its own (no row count"
                + " in pg_class, nothing in pg_stats), and useStatistics reads nothing else; set useStatistics: false to"
                + " profile views by reading them, or includeViews: false to leave them out";
    }

    private CreateTableProfileRequest measure(Connection c, ProfileTarget target, String fqn, long timestamp,
                                              List<String> warnings) throws SQLException {
        List<ProfileColumn> columns = config.computeColumnMetrics() ? target.columns() : List.of();
        long most = 0; // a wide table's statements each sample anew: the row count covers the largest sample
        List<ColumnProfile> profiles = new ArrayList<>();
        Sampling used = sampling.blockSampled(target)
                ? sampling.forTable(target, Sampling.heapBytes(c, target.qualified(), target.relkind())) : sampling;
        int from = 0;
        do {
            List<ProfileColumn> chunk = columns.subList(from, Math.min(columns.size(), from + COLUMNS_PER_STATEMENT));
            Sampling sample = used;
            Chunk read = readChunk(c, arithmetic -> statement(target, chunk, sample, arithmetic),
                    (rs, arithmetic) -> chunk(rs, chunk, arithmetic, timestamp));
            if (read.rows() == 0 && from == 0 && used.blockSampled(target) && target.estimatedRows() != 0) {
                // Block sampling chose no page of the table: sample its rows instead.
                used = used.ofRows();
                continue;
            }
            most = Math.max(most, read.rows());
            profiles.addAll(read.profiles());
            warnings.addAll(read.warnings());
            from += COLUMNS_PER_STATEMENT;
        } while (from < columns.size());
        boolean table = config.computeTableMetrics();
        return new CreateTableProfileRequest(EntityReference.byFqn("table", fqn),
                tableProfile(c, target, timestamp, table ? rowCount(c, target, most, used) : null, used),
                profiles.isEmpty() ? null : profiles);
    }

    /**
     * Rows of the table, never fewer than the profile's columns saw: counted when the whole table was
     * read (a ROWS sample that came back short did), else the catalog's estimate when ANALYZE left one
     * (a count would read every page, which sampling is there to avoid), else counted: a table never
     * analysed has no estimate, and scaling a sample up is a guess that can be off by the sample's size.
     */
    private Long rowCount(Connection c, ProfileTarget target, long sampled, Sampling used) throws SQLException {
        if (used.wholeTable() || (used.rows() && sampled < (long) Math.floor(used.size()))) {
            return sampled;
        }
        if (target.estimatedRows() >= 0) {
            return Math.max(Math.round(target.estimatedRows()), sampled);
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(CatalogQueries.MARKER + " SELECT count(*) FROM " + target.qualified())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private TableProfile tableProfile(Connection c, ProfileTarget target, long timestamp, Long rowCount, Sampling read)
            throws SQLException {
        boolean table = config.computeTableMetrics();
        return new TableProfile(timestamp, read.wholeTable() ? null : read.size(), read.type(),
                target.columns().size(), table ? rowCount : null, table ? sizeInBytes(c, target) : null, null);
    }

    /**
     * The table's size on disk with its indexes and TOAST, a partitioned table's over all its
     * partitions; null for a view or a foreign table. Read here, in the table's own transaction, so
     * that a lock another session holds fails this table only (the server's lock_timeout).
     */
    private static Long sizeInBytes(Connection c, ProfileTarget target) throws SQLException {
        if (!target.hasPages()) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + ("p".equals(target.relkind())
                ? " SELECT sum(pg_total_relation_size(relid))::bigint FROM pg_partition_tree(?::regclass)"
                : " SELECT pg_total_relation_size(?::regclass)"))) {
            ps.setString(1, target.qualified());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long size = rs.getLong(1);
                return rs.wasNull() ? null : size;
            }
        }
    }

    /** A chunk's columns read by one statement: the rows it saw, their profiles and what they leave out. */
    private record Chunk(long rows, List<ColumnProfile> profiles, List<String> warnings) {
    }

    /**
     * The one warning of a column whose figures are left out: those beyond double precision's range
     * ({@code range}), and those it cannot compute over the column's values ({@code spread}).
     */
    private static String leftOutWarning(ProfileColumn col, List<String> range, List<String> spread) {
        String why = "double precision's range (about ±1.8e308), which OpenMetadata keeps these figures in";
        String cannot = " cannot compute " + (spread.size() == 1 ? "it" : "them") + " over values this far apart (a"
                + " span of about 9e307 or more), or this close (under 1e-317)";
        StringBuilder line = new StringBuilder("column ").append(col.name()).append(": its ");
        if (!range.isEmpty()) {
            line.append(String.join(", ", range)).append(range.size() == 1 ? " is" : " are")
                    .append(" left out: beyond ").append(why);
            if (!spread.isEmpty()) {
                line.append("; so are its ").append(String.join(", ", spread)).append(": double precision").append(cannot);
            }
            return line.toString();
        }
        return line.append(String.join(", ", spread)).append(spread.size() == 1 ? " is" : " are")
                .append(" left out: double precision, which OpenMetadata keeps these figures in,").append(cannot).toString();
    }

    /** Reads the one row of a chunk's statement, computed the given way. */
    @FunctionalInterface
    private interface ChunkReader {
        Chunk read(ResultSet rs, ProfileArithmetic arithmetic) throws SQLException;
    }

    /**
     * The chunk of {@code statement}, run in double precision and, when the server overflows (SQLSTATE
     * 22003: a sum or sum of squares beyond double precision), again in exact arithmetic, under a savepoint:
     * an ordinary table costs one scan, and one huge value no longer costs the table its whole profile.
     */
    private static Chunk readChunk(Connection c, java.util.function.Function<ProfileArithmetic, String> statement,
                                   ChunkReader reader) throws SQLException {
        ProfileArithmetic arithmetic = ProfileArithmetic.DOUBLE;
        while (true) {
            Savepoint savepoint = c.getAutoCommit() ? null : c.setSavepoint();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(statement.apply(arithmetic))) {
                rs.next();
                Chunk chunk = reader.read(rs, arithmetic);
                if (savepoint != null) {
                    c.releaseSavepoint(savepoint);
                }
                return chunk;
            } catch (SQLException e) {
                ProfileArithmetic next = arithmetic.next();
                if (!NUMERIC_VALUE_OUT_OF_RANGE.equals(e.getSQLState()) || next == null) {
                    throw e;
                }
                if (savepoint != null) {
                    c.rollback(savepoint); // the failed statement aborted the transaction the retry runs in
                }
                arithmetic = next;
            }
        }
    }

    private static Chunk chunk(ResultSet rs, List<ProfileColumn> columns, ProfileArithmetic arithmetic, long timestamp)
            throws SQLException {
        long rows = rs.getLong("n");
        List<ColumnProfile> profiles = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            List<String> leftOut = new ArrayList<>();
            List<String> spread = new ArrayList<>();
            profiles.add(column(rs, i, columns.get(i), rows, timestamp, arithmetic, leftOut, spread));
            warnNonFinite(rs, i, columns.get(i), warnings);
            if (!leftOut.isEmpty() || !spread.isEmpty()) {
                warnings.add(leftOutWarning(columns.get(i), leftOut, spread));
            }
        }
        return new Chunk(rows, profiles, warnings);
    }

    /** The statement for {@code chunk}: one pass over the sampled rows. */
    String statement(ProfileTarget target, List<ProfileColumn> chunk) {
        return statement(target, chunk, sampling, ProfileArithmetic.DOUBLE);
    }

    private String statement(ProfileTarget target, List<ProfileColumn> chunk, Sampling used,
                             ProfileArithmetic arithmetic) {
        StringBuilder select = new StringBuilder();
        StringBuilder aggregates = new StringBuilder("count(*) AS n");
        StringBuilder bounds = new StringBuilder();
        StringBuilder frequencies = new StringBuilder();
        for (int i = 0; i < chunk.size(); i++) {
            ProfileColumn col = chunk.get(i);
            String c = "c" + i;
            select.append(i == 0 ? "" : ", ").append(col.quoted()).append(" AS ").append(c);
            aggregates.append(", count(").append(c).append(") AS ").append(c).append("_values");
            if (col.metrics() != ProfileColumn.Metrics.OPAQUE) {
                // One grouping gives both: the groups are the distinct values, those of one row the unique ones.
                aggregates.append(", (SELECT ARRAY[count(*), count(*) FILTER (WHERE k = 1)] FROM (SELECT count(*) AS k")
                        .append(" FROM s WHERE ").append(c).append(" IS NOT NULL GROUP BY ").append(c).append(") g) AS ")
                        .append(c).append("_groups");
            }
            switch (col.metrics()) {
                case NUMBER -> {
                    String f = finiteFilter(col, c);
                    aggregates.append(", min(").append(c).append(")").append(f).append(" AS ").append(c)
                            .append("_min, max(").append(c).append(")").append(f).append(" AS ").append(c)
                            .append("_max");
                    boolean exact = exact(col, arithmetic);
                    moments(aggregates, exact ? c + "::numeric" : c, exact ? c + "::numeric" : c + "::float8", c, f);
                    nonFinite(aggregates, col, c);
                    String finite = finite(col, c);
                    // A numeric beyond double precision's range would fail its cast to float8.
                    boolean decimal = exact && !col.floating();
                    String lo = decimal ? asDouble("a." + c + "_min") : "a." + c + "_min";
                    String hi = decimal ? asDouble("a." + c + "_max") : "a." + c + "_max";
                    distribution(aggregates, bounds, frequencies, c, decimal ? asDouble(c) : c + "::float8", f,
                            finite, lo, hi, "a." + c + "_values" + (finite == null ? "" : " - a." + c + "_nonfinite"));
                }
                case TEXT -> {
                    // OpenMetadata measures text by its values' lengths (min, max, mean and the others).
                    String length = "char_length(" + c + ")";
                    aggregates.append(", min(").append(length).append(") AS ").append(c).append("_min, max(")
                            .append(length).append(") AS ").append(c).append("_max");
                    moments(aggregates, length, length + "::float8", c, "");
                    distribution(aggregates, bounds, frequencies, c, length + "::float8", "", null, "a." + c + "_min",
                            "a." + c + "_max", "a." + c + "_values");
                }
                case TIME -> {
                    String f = finiteFilter(col, c);
                    aggregates.append(", min(").append(c).append(")").append(f).append(" AS ").append(c)
                            .append("_min, max(").append(c).append(")").append(f).append(" AS ").append(c).append("_max");
                    nonFinite(aggregates, col, c);
                }
                default -> {
                }
            }
        }
        String rows = used.select(select.length() == 0 ? "1 AS present" : select.toString(), target);
        if (bounds.length() == 0) {
            return CatalogQueries.MARKER + " WITH s AS MATERIALIZED (" + rows + ") SELECT " + aggregates + " FROM s";
        }
        // The histograms' bins need each column's min, max and quartiles (a), and are counted over the same rows.
        return CatalogQueries.MARKER + " WITH s AS MATERIALIZED (" + rows + "), a AS (SELECT " + aggregates
                + " FROM s) SELECT a.*, b.*" + frequencies + " FROM a CROSS JOIN LATERAL (SELECT " + bounds.substring(2)
                + ") b";
    }

    /**
     * The mean and sum of {@code value} and the population standard deviation of {@code deviating}, as
     * {@code c_mean}, {@code c_sum}, {@code c_stddev}.
     */
    private static void moments(StringBuilder aggregates, String value, String deviating, String c, String filter) {
        aggregates.append(", avg(").append(value).append(")").append(filter).append(" AS ").append(c)
                .append("_mean, sum(").append(value).append(")").append(filter).append(" AS ").append(c)
                .append("_sum, stddev_pop(").append(deviating).append(")").append(filter).append(" AS ")
                .append(c).append("_stddev");
    }

    /** Whether a number column's moments are computed over {@code numeric}: its values are not integers. */
    private static boolean exact(ProfileColumn col, ProfileArithmetic arithmetic) {
        return arithmetic != ProfileArithmetic.DOUBLE && !col.type().startsWith("int");
    }

    /**
     * A numeric {@code value} as float8 without the cast's out-of-range error: beyond double precision's
     * largest as an infinity (which the figures then leave out), below its smallest normal as 0.
     */
    private static String asDouble(String value) {
        return "(CASE WHEN abs(" + value + ") >= 1.7976931348623157e308 THEN sign(" + value
                + ")::float8 * 'Infinity'::float8 WHEN abs(" + value + ") < 2.2250738585072014e-308 THEN 0::float8 ELSE "
                + value + "::float8 END)";
    }

    /**
     * The quartiles of {@code value} (aggregated as {@code c_q}) and its histogram ({@code c_bounds},
     * {@code c_freq}, computed from the aggregates {@code lo}, {@code hi} and {@code n}), over its finite
     * values ({@code finite}, null when all are).
     */
    private static void distribution(StringBuilder aggregates, StringBuilder bounds, StringBuilder frequencies,
                                     String c, String value, String filter, String finite, String lo, String hi,
                                     String n) {
        aggregates.append(", ").append(ColumnDistribution.quartiles(value, filter)).append(" AS ").append(c).append("_q");
        bounds.append(", ").append(ColumnDistribution.bounds(lo, hi, n, "a." + c + "_q")).append(" AS ")
                .append(c).append("_bounds");
        String where = value + " IS NOT NULL" + (finite == null ? "" : " AND " + finite);
        frequencies.append(", ").append(ColumnDistribution.frequencies(value, where, "b." + c + "_bounds")).append(" AS ")
                .append(c).append("_freq");
    }

    /**
     * The predicate of a column's finite values: NaN and the infinities of {@code numeric} and the
     * floats ({@code x - x} is 0 only for a finite x, on every server version, with no text cast), the
     * infinities of {@code date}, {@code timestamp} and {@code timestamptz}; null when the type has none.
     */
    private static String finite(ProfileColumn col, String c) {
        if (col.metrics() == ProfileColumn.Metrics.NUMBER) {
            return col.type().startsWith("int") ? null : "(" + c + " - " + c + ") = 0";
        }
        return Set.of("date", "timestamp", "timestamptz").contains(col.type()) ? "isfinite(" + c + ")" : null;
    }

    private static String finiteFilter(ProfileColumn col, String c) {
        String finite = finite(col, c);
        return finite == null ? "" : " FILTER (WHERE " + finite + ")";
    }

    /** Counts the values left out of min, max, mean, sum and stddev for not being finite. */
    private static void nonFinite(StringBuilder aggregates, ProfileColumn col, String c) {
        String finite = finite(col, c);
        if (finite != null) {
            aggregates.append(", count(").append(c).append(") FILTER (WHERE NOT ").append(finite).append(") AS ")
                    .append(c).append("_nonfinite");
        }
    }

    /** The warning of a column with non-finite values (NaN, infinities), which its metrics leave out. */
    private static void warnNonFinite(ResultSet rs, int i, ProfileColumn col, List<String> warnings)
            throws SQLException {
        if (finite(col, "c" + i) == null) {
            return;
        }
        long count = rs.getLong("c" + i + "_nonfinite");
        if (count > 0) {
            warnings.add("column " + col.name() + ": " + count + (count == 1 ? " value is" : " values are")
                    + (col.metrics() == ProfileColumn.Metrics.NUMBER
                    ? " not finite (NaN, Infinity or -Infinity); its min, max, mean, sum, stddev, quartiles and"
                    + " histogram are"
                    // dates and timestamps have only PostgreSQL's infinity and -infinity
                    : " not finite (infinity or -infinity); its min and max are") + " over the finite values only");
        }
    }

    /**
     * The profile of column {@code i}; the names of the figures it leaves out for being beyond double
     * precision's range (a numeric of 1e400, an exact float sum of 2e308) are added to {@code leftOut},
     * those double precision cannot compute over values so far apart (quartiles interpolated between
     * -1.7e308 and 1.7e308, the bins of values spanning 9e307 or more) to {@code spread}.
     */
    private static ColumnProfile column(ResultSet rs, int i, ProfileColumn col, long rows, long timestamp,
                                        ProfileArithmetic arithmetic, List<String> leftOut, List<String> spread)
            throws SQLException {
        String c = "c" + i;
        long values = rs.getLong(c + "_values");
        long nulls = rows - values;
        Long distinct = null;
        Long unique = null;
        if (col.metrics() != ProfileColumn.Metrics.OPAQUE) {
            Long[] groups = (Long[]) rs.getArray(c + "_groups").getArray();
            distinct = groups[0];
            unique = groups[1];
        }
        Object min = null;
        Object max = null;
        BigDecimal mean = null;
        BigDecimal sum = null;
        Double stddev = null;
        Integer minLength = null;
        Integer maxLength = null;
        Double[] quartiles = null;
        Histogram histogram = null;
        switch (col.metrics()) {
            case NUMBER -> {
                min = inRange(number(rs, c + "_min", col), "min", leftOut);
                max = inRange(number(rs, c + "_max", col), "max", leftOut);
                boolean exact = exact(col, arithmetic);
                mean = inRange(exact ? exact(rs, c + "_mean", col) : decimal(rs, c + "_mean", col), "mean", leftOut);
                sum = inRange(exact ? exact(rs, c + "_sum", col) : decimal(rs, c + "_sum", col), "sum", leftOut);
                BigDecimal deviation = exact ? inRange(rs.getBigDecimal(c + "_stddev"), "stddev", leftOut) : null;
                stddev = exact ? (deviation == null ? null : deviation.doubleValue())
                        : finite(rs.getDouble(c + "_stddev"), rs.wasNull());
                quartiles = doubles(rs, c + "_q");
                if (quartiles == null && rs.getArray(c + "_q") != null) {
                    spread.add("quartiles");
                }
                java.sql.Array bounds = rs.getArray(c + "_bounds");
                if (bounds != null && ((Double[]) bounds.getArray()).length == 0) {
                    spread.add("histogram"); // no bins although there are values: see ColumnDistribution.bounds
                }
                histogram = histogram(rs, c);
            }
            case TEXT -> {
                minLength = integer(rs, c + "_min");
                maxLength = integer(rs, c + "_max");
                min = minLength;
                max = maxLength;
                mean = plain(rs.getBigDecimal(c + "_mean"));
                sum = plain(rs.getBigDecimal(c + "_sum"));
                stddev = finite(rs.getDouble(c + "_stddev"), rs.wasNull());
                quartiles = doubles(rs, c + "_q");
                histogram = histogram(rs, c);
            }
            case TIME -> {
                min = time(rs, c + "_min", col.type());
                max = time(rs, c + "_max", col.type());
            }
            default -> {
            }
        }
        Double q1 = quartiles == null ? null : quartiles[0];
        Double median = quartiles == null ? null : quartiles[1];
        Double q3 = quartiles == null ? null : quartiles[2];
        return new ColumnProfile(col.name(), timestamp, values, rows == 0 ? null : 100.0 * values / rows, nulls,
                rows == 0 ? null : (double) nulls / rows, distinct, ratio(distinct, values), unique, ratio(unique, values),
                distinct == null ? null : values - distinct, min, max, minLength, maxLength, mean, sum, stddev, median, q1,
                q3, q1 == null || q3 == null ? null : q3 - q1, skew(mean, median, stddev), histogram);
    }

    /**
     * OpenMetadata's non-parametric skew, (mean - median) / stddev; none when the values do not vary, or
     * when double precision cannot hold it (mean and median of opposite signs near its largest).
     */
    private static Double skew(BigDecimal mean, Double median, Double stddev) {
        if (mean == null || median == null || stddev == null || stddev == 0) {
            return null;
        }
        return finite((mean.doubleValue() - median) / stddev, false);
    }

    /**
     * A float8 array of three quartiles, or null: no values (percentile_cont of nothing is null), or one
     * not finite (interpolated between values near double precision's largest, which JSON cannot hold).
     */
    private static Double[] doubles(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        Double[] values = array == null ? null : (Double[]) array.getArray();
        return values == null || !allFinite(values) ? null : values;
    }

    /** The histogram, or null: no bins, or a bound double precision cannot hold. */
    private static Histogram histogram(ResultSet rs, String c) throws SQLException {
        java.sql.Array bounds = rs.getArray(c + "_bounds");
        java.sql.Array counts = rs.getArray(c + "_freq");
        if (bounds == null || counts == null || !allFinite((Double[]) bounds.getArray())) {
            return null;
        }
        return ColumnDistribution.histogram((Double[]) bounds.getArray(), (Long[]) counts.getArray());
    }

    private static boolean allFinite(Double[] values) {
        for (Double value : values) {
            if (value == null || !Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An exact ({@code numeric}) mean or sum: a float column's rounded to double precision, as the
     * column's own figures are (an infinity when beyond it, which {@link #inRange} then leaves out).
     */
    private static BigDecimal exact(ResultSet rs, String column, ProfileColumn col) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        if (value == null || !col.floating()) {
            return plain(value);
        }
        double rounded = value.doubleValue();
        return Double.isFinite(rounded) ? BigDecimal.valueOf(rounded) : value;
    }

    /**
     * {@code value}, or null with {@code figure} added to {@code leftOut} when it is beyond double
     * precision's range: OpenMetadata keeps these figures as doubles, where it would be an infinity.
     */
    private static <T> T inRange(T value, String figure, List<String> leftOut) {
        if (value instanceof BigDecimal decimal && decimal.abs().compareTo(DOUBLE_MAX) > 0) {
            leftOut.add(figure);
            return null;
        }
        return value;
    }

    private static Double ratio(Long part, long whole) {
        return part == null || whole == 0 ? null : (double) part / whole;
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** Integers as longs, decimals exactly, floats as doubles (NaN and infinities, which JSON lacks, as null). */
    private static Object number(ResultSet rs, String column, ProfileColumn col) throws SQLException {
        if (col.floating()) {
            return finite(rs.getDouble(column), rs.wasNull());
        }
        if (col.type().startsWith("int")) {
            long value = rs.getLong(column);
            return rs.wasNull() ? null : value;
        }
        return plain(rs.getBigDecimal(column));
    }

    private static BigDecimal decimal(ResultSet rs, String column, ProfileColumn col) throws SQLException {
        if (col.floating()) {
            Double value = finite(rs.getDouble(column), rs.wasNull());
            return value == null ? null : BigDecimal.valueOf(value);
        }
        return plain(rs.getBigDecimal(column));
    }

    /**
     * Without trailing zeros (avg of integers has 16 decimals; a JSON number has no scale, and OpenMetadata
     * keeps these fields as floats, so 12.50 is 12.5 there too) and never in exponent form.
     */
    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Double finite(double value, boolean wasNull) {
        return wasNull || Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    /** Dates and times as ISO-8601: dates, local date-times, UTC instants (with Z), times. */
    private static String time(ResultSet rs, String column, String type) throws SQLException {
        Object value = switch (type) {
            case "date" -> rs.getObject(column, LocalDate.class);
            case "timestamp" -> rs.getObject(column, LocalDateTime.class);
            case "timestamptz" -> rs.getObject(column, OffsetDateTime.class);
            case "time" -> rs.getObject(column, LocalTime.class);
            case "timetz" -> rs.getObject(column, OffsetTime.class);
            default -> rs.getString(column);
        };
        if (value instanceof OffsetDateTime instant) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.withOffsetSameInstant(ZoneOffset.UTC));
        }
        if (value instanceof LocalDateTime local) {
            return LOCAL_DATE_TIME.format(local);
        }
        return value == null ? null : value.toString();
    }

    /** Metrics the catalog already holds, without reading the table. */
    private CreateTableProfileRequest fromStatistics(Connection c, ProfileTarget target, String fqn, long timestamp,
                                                     List<String> warnings) throws SQLException {
        Long rows = target.estimatedRows() >= 0 ? Math.round(target.estimatedRows()) : null;
        if (rows == null && target.hasPages()) {
            // Otherwise the profile's empty row count and null counts would pass for figures. (A view
            // has no statistics to gather: ANALYZE cannot help it.)
            warnings.add(neverAnalysed(target));
        }
        Map<String, double[]> stats = new HashMap<>();
        if (config.computeColumnMetrics()) {
            try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                    + " SELECT attname, null_frac, n_distinct FROM pg_stats WHERE schemaname = ? AND tablename = ?")) {
                ps.setString(1, target.schema());
                ps.setString(2, target.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stats.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                    }
                }
            }
        }
        List<ColumnProfile> profiles = new ArrayList<>();
        for (ProfileColumn col : config.computeColumnMetrics() ? target.columns() : List.<ProfileColumn>of()) {
            double[] s = stats.get(col.name());
            if (s == null || rows == null) {
                profiles.add(new ColumnProfile(col.name(), timestamp, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null));
                continue;
            }
            long nulls = Math.round(s[0] * rows);
            long values = rows - nulls;
            // n_distinct < 0 is minus the fraction of rows that are distinct (ANALYZE's way for growing columns).
            long distinct = s[1] >= 0 ? Math.round(s[1]) : Math.round(-s[1] * rows);
            profiles.add(new ColumnProfile(col.name(), timestamp, values, rows == 0 ? null : 100.0 * values / rows, nulls,
                    s[0], distinct, ratio(distinct, values), null, null, null, null, null, null, null, null, null, null));
        }
        // Nothing was sampled: the figures describe the whole table as the catalog knows it.
        return new CreateTableProfileRequest(EntityReference.byFqn("table", fqn),
                tableProfile(c, target, timestamp, rows, Sampling.WHOLE_TABLE),
                profiles.isEmpty() ? null : profiles);
    }
}
