package io.metaingest.connectors.postgres;

import io.metaingest.api.config.ProfilerConfig;
import java.util.Locale;

/**
 * Which rows a profile reads: the whole table, a percentage of its pages, or a bounded number of rows.
 * A percentage uses block sampling ({@code TABLESAMPLE SYSTEM}), which reads only the chosen pages;
 * {@code BERNOULLI}, which visits every page to pick rows, only when {@code samplingMethodType} asks for it. Views and foreign tables have no pages of
 * their own, so a percentage of their rows is kept with {@code random()} (which reads them all).
 * A table whose pages take at most {@value #WHOLE_READ_BYTES} bytes is read whole at any percentage
 * ({@link #forTable}): reading 128 pages costs about as much as the statement itself, while a 10 %
 * sample of a few pages is often no page at all and would profile a table with rows as empty.
 *
 * @param type {@code PERCENTAGE}, {@code ROWS}, or null for the whole table
 * @param size the percentage or the number of rows
 */
record Sampling(String type, double size, boolean rowLevel) {

    static final Sampling WHOLE_TABLE = new Sampling(null, 100);

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
        return blockSampled(target) && heapBytes <= WHOLE_READ_BYTES ? WHOLE_TABLE : this;
    }

    /** Whether this reads whole pages chosen at random from {@code target}, so that it may come back empty. */
    boolean blockSampled(ProfileTarget target) {
        return !wholeTable() && !rows() && !rowLevel && target.hasPages();
    }

    /** The sampling a profiler configuration asks for: none without {@code profileSample} or at 100 %. */
    static Sampling of(ProfilerConfig config) {
        if (config.profileSample() == null) {
            return WHOLE_TABLE;
        }
        String type = config.profileSampleType().toUpperCase(Locale.ROOT);
        if (type.equals("PERCENTAGE") && config.profileSample() >= 100) {
            return WHOLE_TABLE;
        }
        // BERNOULLI asked for: each row is picked (every page read); otherwise whole pages (SYSTEM).
        return new Sampling(type, config.profileSample(), "BERNOULLI".equalsIgnoreCase(config.samplingMethodType()));
    }

    boolean wholeTable() {
        return type == null;
    }

    boolean rows() {
        return "ROWS".equals(type);
    }

    /** The query reading {@code selectList} from {@code target} under this sampling. */
    String select(String selectList, ProfileTarget target) {
        String from = "SELECT " + selectList + " FROM " + target.qualified();
        if (wholeTable()) {
            return from;
        }
        if (rows()) {
            // Up: a sample of more than 0 rows (the schema refuses less) reads at least one, never LIMIT 0.
            return from + " LIMIT " + (long) Math.ceil(size);
        }
        String percent = Double.toString(Math.max(0, size));
        return target.hasPages() ? from + " TABLESAMPLE " + (rowLevel ? "BERNOULLI" : "SYSTEM") + " (" + percent + ")"
                : from + " WHERE random() < " + percent + " / 100.0";
    }
}
