package io.metaingest.connectors.postgres;

import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.quality.TestSample;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which rows a profile, or a test suite's test, reads: the whole table, a percentage of its pages, or a
 * bounded number of rows. A percentage uses block sampling ({@code TABLESAMPLE SYSTEM}), which reads only the chosen pages;
 * {@code BERNOULLI}, which visits every page to pick rows, only when {@code samplingMethodType} asks for it. Views and foreign tables have no pages of
 * their own, so a percentage of their rows is kept with {@code random()} (which reads them all).
 * A table whose pages take at most {@value #WHOLE_READ_BYTES} bytes is read whole at any percentage of
 * its pages ({@link #forTable}): reading 128 pages costs about as much as the statement itself, while a
 * 10 % sample of a few pages is often no page at all and would profile a table with rows as empty.
 * {@code BERNOULLI} picks that share of the rows of a table of any size, as asked: it has no such gap.
 * Public for the connector's data-quality package, which samples the same way ({@link #sampledRows}).
 *
 * @param type {@code PERCENTAGE}, {@code ROWS}, or null for the whole table
 * @param size the percentage or the number of rows
 * @param rowLevel whether a percentage picks rows ({@code BERNOULLI}) rather than pages
 */
public record Sampling(String type, double size, boolean rowLevel) {

    /** No sampling: the whole table. */
    public static final Sampling WHOLE_TABLE = new Sampling(null, 100);

    /** The heap size (1 MiB, 128 pages of 8 kB) up to which a percentage reads the whole table. */
    static final long WHOLE_READ_BYTES = 1L << 20;

    Sampling(String type, double size) {
        this(type, size, false);
    }

    /**
     * The same percentage, of rows rather than pages ({@code TABLESAMPLE BERNOULLI}): on a table of a
     * few pages, block sampling may pick none at all and profile no row of a table that has some.
     */
    Sampling ofRows() {
        return new Sampling(type, size, true);
    }

    /**
     * The sampling to use on {@code target}, whose pages take {@code heapBytes}: the whole table when a
     * percentage of pages would be a percentage of very few.
     */
    Sampling forTable(ProfileTarget target, long heapBytes) {
        return forTable(target.relkind(), heapBytes);
    }

    /**
     * The sampling to use on a relation of {@code relkind} (pg_class) whose pages take {@code heapBytes}
     * ({@link #heapBytes}): the whole table when a percentage of pages would be a percentage of very few.
     */
    public Sampling forTable(String relkind, long heapBytes) {
        return blockSampled(relkind) && heapBytes <= WHOLE_READ_BYTES ? WHOLE_TABLE : this;
    }

    /** Whether this reads whole pages chosen at random from {@code target}, so that it may come back empty. */
    boolean blockSampled(ProfileTarget target) {
        return blockSampled(target.relkind());
    }

    /** Whether this reads whole pages chosen at random from a relation of {@code relkind}. */
    public boolean blockSampled(String relkind) {
        return !wholeTable() && !rows() && !rowLevel && ProfileTarget.hasPages(relkind);
    }

    /** The sampling a profiler configuration asks for: none without {@code profileSample} or at 100 %. */
    static Sampling of(ProfilerConfig config) {
        return of(config.profileSampleType(), config.profileSample(), config.samplingMethodType());
    }

    /** The sampling a test suite asks for: none without {@code profileSample} or at 100 %. */
    public static Sampling of(TestSample sample) {
        return sample.wholeTable() ? WHOLE_TABLE
                : of(sample.profileSampleType(), sample.profileSample(), sample.samplingMethodType());
    }

    private static Sampling of(String profileSampleType, Double profileSample, String samplingMethodType) {
        if (profileSample == null) {
            return WHOLE_TABLE;
        }
        String type = profileSampleType.toUpperCase(Locale.ROOT);
        if (type.equals("PERCENTAGE") && profileSample >= 100) {
            return WHOLE_TABLE;
        }
        // BERNOULLI asked for: each row is picked (every page read); otherwise whole pages (SYSTEM).
        return new Sampling(type, profileSample, "BERNOULLI".equalsIgnoreCase(samplingMethodType));
    }

    /** Whether this reads whole tables. */
    public boolean wholeTable() {
        return type == null;
    }

    /** Whether this reads at most a number of rows. */
    public boolean rows() {
        return "ROWS".equals(type);
    }

    /** The query reading {@code selectList} from {@code target} under this sampling. */
    String select(String selectList, ProfileTarget target) {
        return "SELECT " + selectList + " FROM " + target.qualified() + clause(target.hasPages());
    }

    /** What follows {@code FROM table} to read this sample of a relation with pages or without. */
    private String clause(boolean hasPages) {
        if (wholeTable()) {
            return "";
        }
        if (rows()) {
            // Up: a sample of more than 0 rows (the schema refuses less) reads at least one, never LIMIT 0.
            return " LIMIT " + (long) Math.ceil(size);
        }
        String percent = Double.toString(Math.max(0, size));
        return hasPages ? " TABLESAMPLE " + (rowLevel ? "BERNOULLI" : "SYSTEM") + " (" + percent + ")"
                : " WHERE random() < " + percent + " / 100.0";
    }

    /**
     * The query of this sample's rows (all columns) of {@code qualified}, a relation of {@code relkind}.
     * When it picks pages and none came up, it picks the same percentage of rows instead, in the same
     * statement: the profiler does so too, so that a table with rows is never read as empty (a test on
     * no rows would pass whatever the data).
     */
    public String sampledRows(String qualified, String relkind) {
        String pages = "SELECT * FROM " + qualified + clause(ProfileTarget.hasPages(relkind));
        if (!blockSampled(relkind)) {
            return pages;
        }
        // "pages" is read once (a CTE read twice is materialized); the one-time filter skips the
        // row-level scan when a page came up.
        return "WITH metaingest_pages AS (" + pages + ") SELECT * FROM metaingest_pages UNION ALL (SELECT * FROM "
                + qualified + ofRows().clause(true) + " WHERE NOT EXISTS (SELECT 1 FROM metaingest_pages))";
    }

    /** What this reads, in words, e.g. {@code at most 10 rows}, {@code 10 % of its pages (TABLESAMPLE SYSTEM)}. */
    public String describe(String relkind) {
        if (wholeTable()) {
            return "the whole table";
        }
        BigDecimal exact = BigDecimal.valueOf(size).stripTrailingZeros();
        String number = (exact.scale() < 0 ? exact.setScale(0) : exact).toPlainString();
        if (rows()) {
            long most = (long) Math.ceil(size);
            return "at most " + most + (most == 1 ? " row" : " rows");
        }
        if (!ProfileTarget.hasPages(relkind)) {
            return "about " + number + " % of its rows (random())";
        }
        return rowLevel ? number + " % of its rows (TABLESAMPLE BERNOULLI)"
                : number + " % of its pages (TABLESAMPLE SYSTEM; of its rows when no page comes up)";
    }

    /**
     * The bytes of a relation's own pages (its main fork; a partitioned table's over its leaf
     * partitions): the file's size now, which unlike pg_class.relpages is also known for a table never
     * vacuumed or analysed. Read in the caller's transaction, under the lock its read takes anyway.
     */
    public static long heapBytes(Connection c, String qualified, String relkind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + ("p".equals(relkind)
                ? " SELECT coalesce(sum(pg_relation_size(relid)), 0)::bigint FROM pg_partition_tree(?::regclass)"
                + " WHERE isleaf" : " SELECT pg_relation_size(?::regclass)"))) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
