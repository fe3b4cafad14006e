package io.metaingest.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters of one step, following OpenMetadata 1.6: records, updated records, warnings,
 * filtered entities and failures. Thread-safe. Only the first {@value #KEPT_DETAILS} failures,
 * warnings and filtered names are kept in full so memory stays bounded on large runs; every failure
 * and warning is logged at DEBUG ({@code --debug}), so none is out of reach.
 */
public final class Status {

    private static final Logger LOG = LoggerFactory.getLogger(Status.class);

    /** How many failures, warnings and filtered entries are kept with their details. */
    public static final int KEPT_DETAILS = 10;

    private final LongAdder records = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder warnings = new LongAdder();
    private final LongAdder filtered = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<StepError> firstFailures = new ArrayList<>();
    private final List<String> firstWarnings = new ArrayList<>();
    private final List<String> firstFiltered = new ArrayList<>();
    /** Outcome lines: kept beyond the first warnings (see {@link #outcome}). */
    private final List<String> outcomes = new ArrayList<>();
    /** How many of {@link #outcomes} are warnings about a setting (guarded by {@code outcomes}). */
    private int settingLines;

    /** Counts a record that was produced or written. */
    public void recordOk() {
        records.increment();
    }

    /** Counts a record that updated an existing entity. */
    public void recordUpdated() {
        updated.increment();
    }

    /** Counts a warning; logged at DEBUG, as only the first {@value #KEPT_DETAILS} are kept. */
    public void warning(String name, String message) {
        warnings.increment();
        LOG.debug("warning {}: {}", name, message);
        keep(firstWarnings, name + ": " + message);
    }

    /**
     * Counts a warning that sums up what the step did (e.g. how many entities it marked deleted), at
     * most a few per run: unlike {@link #warning}, it is always among {@link #firstWarnings()}, after
     * the first {@value #KEPT_DETAILS} warnings, so thousands of warnings before it cannot hide it.
     */
    public void outcome(String name, String message) {
        warnings.increment();
        LOG.debug("warning {}: {}", name, message);
        synchronized (outcomes) {
            outcomes.add(name + ": " + message);
        }
    }

    /** Counts a filtered entity. */
    public void filtered(String name, String reason) {
        filtered.increment();
        keep(firstFiltered, name + ": " + reason);
    }

    /** Counts a failure; logged at DEBUG, as only the first {@value #KEPT_DETAILS} are kept. */
    public void failed(StepError error) {
        failures.increment();
        LOG.debug("failed {}: {}", error.name(), error.error());
        synchronized (firstFailures) {
            if (firstFailures.size() < KEPT_DETAILS) {
                firstFailures.add(error);
            }
        }
    }

    /**
     * Counts any non-{@link Result.Ok} result; returns whether the result carries a record. A null
     * where a result belongs is counted as a failure, so that nothing a step emitted goes missing
     * without a trace.
     */
    public boolean count(Result<?> result) {
        if (result instanceof Result.Ok<?>) {
            return true;
        }
        if (result == null) {
            failed(new StepError("(null)", "the step emitted null instead of a Result; emit Result.ok(record),"
                    + " Result.filtered(name, reason) or Result.failed(name, error) (" + Result.NAME_RULE + ")", null));
            return false;
        }
        if (result instanceof Result.Failed<?> f) {
            failed(f.error());
        } else if (result instanceof Result.Filtered<?> f) {
            filtered(f.name(), f.reason());
        } else if (result instanceof Result.Warning<?> w) {
            if (namesASetting(w.name()) && keptAsSetting(w.name() + ": " + w.message())) {
                warnings.increment();
                LOG.debug("warning {}: {}", w.name(), w.message());
            } else {
                warning(w.name(), w.message());
            }
        }
        return false;
    }

    /** The workflow file's settings a source's warning may be named by, instead of an entity. */
    private static final List<String> SETTING_PREFIXES = List.of("source.sourceConfig.", "source.serviceConnection.");

    private static boolean namesASetting(String name) {
        return name != null && SETTING_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /**
     * Keeps a warning about a setting (a filter that let nothing through, a pattern written for ids) as an outcome:
     * it comes at the end of a source's stream, often after thousands of warnings about entities, and is the one a user
     * must read. At most {@value #KEPT_DETAILS} distinct ones, so a source naming a setting per entity stays bounded.
     */
    private boolean keptAsSetting(String line) {
        synchronized (outcomes) {
            if (settingLines >= KEPT_DETAILS) {
                return false;
            }
            if (!outcomes.contains(line)) {
                outcomes.add(line);
                settingLines++;
            }
            return true;
        }
    }

    private static void keep(List<String> list, String line) {
        synchronized (list) {
            if (list.size() < KEPT_DETAILS) {
                list.add(line);
            }
        }
    }

    /** Records produced or written. */
    public long records() {
        return records.sum();
    }

    /** Records that updated an existing entity. */
    public long updatedRecords() {
        return updated.sum();
    }

    /** Warnings. */
    public long warnings() {
        return warnings.sum();
    }

    /** Filtered entities. */
    public long filtered() {
        return filtered.sum();
    }

    /** Failures. */
    public long failures() {
        return failures.sum();
    }

    /** The first {@value #KEPT_DETAILS} failures. */
    public List<StepError> firstFailures() {
        synchronized (firstFailures) {
            return List.copyOf(firstFailures);
        }
    }

    /** The first {@value #KEPT_DETAILS} warnings, then every {@link #outcome}, as {@code name: message}. */
    public List<String> firstWarnings() {
        List<String> kept;
        synchronized (firstWarnings) {
            kept = new ArrayList<>(firstWarnings);
        }
        synchronized (outcomes) {
            kept.addAll(outcomes);
        }
        return List.copyOf(kept);
    }

    /** The first {@value #KEPT_DETAILS} filtered entities, as {@code name: reason}. */
    public List<String> firstFiltered() {
        synchronized (firstFiltered) {
            return List.copyOf(firstFiltered);
        }
    }

    /** This step's success percentage, see {@link #successPercent(long, long, long)}. */
    public double successPercent() {
        return successPercent(records(), updatedRecords(), failures());
    }

    /**
     * OpenMetadata 1.6's step success: {@code ok * 100 / (ok + failures)} with
     * {@code ok = max(records + updated, 1)}, rounded half-up to two decimals. A step that saw
     * nothing and failed nothing is at 100.
     */
    public static double successPercent(long records, long updated, long failures) {
        long ok = Math.max(records + updated, 1);
        return BigDecimal.valueOf(ok * 100L)
                .divide(BigDecimal.valueOf(ok + failures), 2, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
