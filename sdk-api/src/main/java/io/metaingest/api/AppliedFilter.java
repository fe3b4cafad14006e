package io.metaingest.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One of the user's filter patterns as a source applies it during one run: it notes whether it let a
 * name through and which distinct names it dropped, so that at the end a pattern that dropped every name it was asked
 * about can say so. Without that, an include pattern with a typo ends the run in success with nothing
 * of that kind written, and nothing tells the user why. Create one per run (in the source's
 * constructor); thread-safe, so parallel workers may share it.
 *
 * <pre>{@code
 * schemas = AppliedFilter.of("schemaFilterPattern", "schemas", config.schemaFilterPattern());
 * ... schemas.rejection(name).map(why -> Result.filtered(fqn, why)) ...
 * return Stream.concat(records, Stream.of(schemas).flatMap(AppliedFilter::noneLetThrough));
 * }</pre>
 */
public final class AppliedFilter {

    /** Where the source's filter patterns are in a workflow file. */
    public static final String SOURCE_CONFIG_PATH = "source.sourceConfig.config";

    private final String field;
    private final String entities;
    private final FilterPattern pattern;
    private final boolean userSet;
    private final LongAdder passed = new LongAdder();
    /**
     * The distinct names dropped while none has passed: a source may ask about one name more than once
     * (a schema per schema and again per table), and the warning counts names, not calls. Kept only
     * until a name passes (then no warning is due) and at most {@link #MAX_COUNTED} of them, so a
     * typo over a million tables holds ten thousand names, not a million; past that the warning says
     * "more than".
     */
    private final Set<String> droppedNames = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean moreDropped = new AtomicBoolean();
    /** Set at the first name let through: dropped names are no longer counted from then on. */
    private final AtomicBoolean anyPassed = new AtomicBoolean();

    /** How many distinct dropped names are counted exactly; past it the warning says "more than". */
    static final int MAX_COUNTED = 10_000;

    private AppliedFilter(String field, String entities, FilterPattern pattern, boolean userSet) {
        this.field = Objects.requireNonNull(field, "field");
        this.entities = Objects.requireNonNull(entities, "entities");
        this.pattern = pattern;
        this.userSet = userSet;
    }

    /**
     * The user's pattern, or every name passing when the file has none.
     *
     * @param field the sourceConfig field, e.g. {@code schemaFilterPattern}
     * @param entities what it filters, in the plural, e.g. {@code schemas}
     * @param configured the bound pattern; null when the file has none
     */
    public static AppliedFilter of(String field, String entities, FilterPattern configured) {
        return of(field, entities, configured, FilterPattern.acceptAll());
    }

    /**
     * As {@link #of(String, String, FilterPattern)}, with the connector's own default when the file has
     * none (a default that drops every name is the connector's doing and is never reported).
     */
    public static AppliedFilter of(String field, String entities, FilterPattern configured, FilterPattern byDefault) {
        return configured == null ? new AppliedFilter(field, entities, byDefault, false)
                : new AppliedFilter(field, entities, configured, true);
    }

    /** The pattern applied. */
    public FilterPattern pattern() {
        return pattern;
    }

    /**
     * Why {@code name} is dropped, as {@link FilterPattern#rejection(String)} says it, or empty when it passes; counts either way.
     *
     * @throws RunawayPatternException when a pattern gives up on the name, its message starting with the pattern's config path
     */
    public Optional<String> rejection(String name) {
        return rejection(name, name);
    }

    /**
     * As {@link #rejection(String)}, for entities whose names are not unique (dbt Cloud jobs, say):
     * {@code name} is judged, {@code entity} (an id or FQN) is what the warning counts once.
     *
     * @param name the name the pattern judges
     * @param entity what identifies the entity, counted once however often it is asked about
     * @return why it is dropped, or empty when it passes
     */
    public Optional<String> rejection(String name, String entity) {
        Optional<String> why;
        try {
            why = pattern.rejection(name);
        } catch (RunawayPatternException e) {
            throw new RunawayPatternException(SOURCE_CONFIG_PATH + "." + field + "." + e.getMessage());
        }
        if (why.isEmpty()) {
            passed.increment();
            if (anyPassed.compareAndSet(false, true)) {
                // Once: clearing the set on every name passed walks its whole table, which stays grown.
                droppedNames.clear();
            }
        } else if (!anyPassed.get() && !droppedNames.contains(entity)) {
            if (droppedNames.size() < MAX_COUNTED) {
                droppedNames.add(entity);
            } else {
                moreDropped.set(true);
            }
        }
        return why;
    }

    /** Whether {@code name} passes; counts either way. */
    public boolean includes(String name) {
        return rejection(name).isEmpty();
    }

    /**
     * A warning when the user's pattern dropped every name it was asked about in this run, naming the
     * field, how many distinct names it dropped (a name asked about twice counts once) and the patterns; nothing otherwise. Call it once the names are all
     * through (lazily, at the end of the source's stream).
     */
    public <T> Stream<Result<T>> noneLetThrough() {
        if (!userSet || droppedNames.isEmpty() || passed.sum() > 0) {
            return Stream.empty();
        }
        String droppedCount = (moreDropped.get() ? "more than " : "") + droppedNames.size();
        String patterns = pattern.includes().isEmpty() ? "excludes " + FilterPattern.shown(pattern.excludes())
                : "includes " + FilterPattern.shown(pattern.includes());
        return Stream.of(Result.warning(SOURCE_CONFIG_PATH + "." + field, "let none of the " + droppedCount + " "
                + entities + " it was asked about through (" + patterns + "), so none was ingested; its patterns"
                + " match from the start of a name, ignoring case: check them"));
    }
}
