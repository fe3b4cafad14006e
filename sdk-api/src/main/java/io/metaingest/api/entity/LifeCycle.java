package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenMetadata's {@code LifeCycle} of a data asset ({@code type/lifeCycle.json}): when it was last
 * created, updated and accessed, and by whom. OpenMetadata 1.6's schema has these three aspects only
 * (no {@code deleted}). Absent aspects are omitted from JSON.
 *
 * @param created the latest creation seen
 * @param updated the latest change to its data or structure seen
 * @param accessed the latest read seen
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifeCycle(AccessDetails created, AccessDetails updated, AccessDetails accessed) {

    /** Nothing seen yet. */
    public static final LifeCycle NONE = new LifeCycle(null, null, null);

    /** The aspects of a life cycle, named as OpenMetadata's JSON names them. */
    public enum Aspect {
        /** {@code created}. */
        CREATED,
        /** {@code updated}. */
        UPDATED,
        /** {@code accessed}. */
        ACCESSED
    }

    /**
     * OpenMetadata's {@code accessDetails}: when, and by an OpenMetadata user or by a process (a name
     * OpenMetadata does not know as a user).
     *
     * @param timestamp epoch milliseconds (required)
     * @param accessedBy the user, as a reference (by name outside a server; the REST sink resolves it)
     * @param accessedByAProcess who, when it is no OpenMetadata user
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessDetails(long timestamp, EntityReference accessedBy, String accessedByAProcess) {
    }

    private static final Set<String> UPDATES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "ALTER");
    private static final Set<String> READS = Set.of("SELECT", "SHOW", "DESCRIBE");
    /** Whitespace, comments and opening parentheses before a statement's first keyword. */
    private static final Pattern LEADING = Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/|\\()*",
            Pattern.DOTALL);
    private static final Pattern WRITE_IN_WITH = Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE)\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * The aspect a query shows of the tables it touched, as OpenMetadata's usage workflow sorts queries:
     * {@code CREATE} → created; {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE},
     * {@code TRUNCATE}, {@code ALTER} → updated; {@code SELECT}, {@code SHOW}, {@code DESCRIBE} → accessed;
     * anything else ({@code DROP} included: 1.6 has no {@code deleted}) none. The kind is the statement's
     * first keyword after comments (a {@code WITH} is an update when it writes); OpenMetadata's patterns
     * find those words anywhere on the first line, so {@code SELECT created_at FROM t} is a creation there.
     */
    public static Optional<Aspect> aspectOf(String sql) {
        if (sql == null) {
            return Optional.empty();
        }
        Matcher leading = LEADING.matcher(sql);
        String rest = leading.lookingAt() ? sql.substring(leading.end()) : sql;
        int end = 0;
        while (end < rest.length() && (Character.isLetter(rest.charAt(end)) || rest.charAt(end) == '_')) {
            end++;
        }
        String keyword = rest.substring(0, end).toUpperCase(Locale.ROOT);
        if (keyword.equals("CREATE")) {
            return Optional.of(Aspect.CREATED);
        }
        if (UPDATES.contains(keyword)) {
            return Optional.of(Aspect.UPDATED);
        }
        if (READS.contains(keyword)) {
            return Optional.of(Aspect.ACCESSED);
        }
        if (keyword.equals("WITH")) {
            return Optional.of(WRITE_IN_WITH.matcher(rest).find() ? Aspect.UPDATED : Aspect.ACCESSED);
        }
        return Optional.empty();
    }

    /**
     * This life cycle once a query of {@code sql} ran at {@code timestamp} by {@code user} (null: unknown):
     * the aspect the query shows (see {@link #aspectOf}), by the user's name, when that is later than the
     * one kept (see {@link #seen}).
     */
    public LifeCycle withQuery(String sql, long timestamp, String user) {
        return aspectOf(sql).map(aspect -> seen(aspect, new AccessDetails(timestamp,
                user == null ? null : EntityReference.byName("user", user), null))).orElse(this);
    }

    /** The details of {@code aspect}, or null when none was seen. */
    public AccessDetails get(Aspect aspect) {
        return switch (aspect) {
            case CREATED -> created;
            case UPDATED -> updated;
            case ACCESSED -> accessed;
        };
    }

    /**
     * This life cycle with {@code details} for {@code aspect} when it has none yet or {@code details}
     * is strictly later (as OpenMetadata's usage bulk sink: an earlier or equal time never replaces the
     * one kept).
     */
    public LifeCycle seen(Aspect aspect, AccessDetails details) {
        AccessDetails kept = get(aspect);
        if (kept != null && kept.timestamp() >= details.timestamp()) {
            return this;
        }
        return switch (aspect) {
            case CREATED -> new LifeCycle(details, updated, accessed);
            case UPDATED -> new LifeCycle(created, details, accessed);
            case ACCESSED -> new LifeCycle(created, updated, details);
        };
    }

    /**
     * The aspects of this life cycle that are strictly later than {@code stored}'s (or that {@code stored}
     * lacks), and no others: what may be sent to a server holding {@code stored} without moving any of its
     * aspects back in time. An aspect this one lacks is never in the answer, so the stored one stays.
     *
     * @param stored what the server holds ({@link #NONE} when nothing)
     * @return {@link #NONE}-like (see {@link #isEmpty()}) when nothing is newer
     */
    public LifeCycle newerThan(LifeCycle stored) {
        LifeCycle newer = NONE;
        for (Aspect aspect : Aspect.values()) {
            AccessDetails mine = get(aspect);
            AccessDetails theirs = stored == null ? null : stored.get(aspect);
            if (mine != null && (theirs == null || mine.timestamp() > theirs.timestamp())) {
                newer = newer.seen(aspect, mine);
            }
        }
        return newer;
    }

    /** Whether no aspect was seen. */
    @JsonIgnore
    public boolean isEmpty() {
        return created == null && updated == null && accessed == null;
    }
}
