package io.metaingest.runtime.usage;

import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.TableLifeCycleRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table's {@link LifeCycle} from the queries the {@code table-usage} stage staged for it, as
 * OpenMetadata 1.6's {@code metadata-usage} bulk sink computes it: each query's kind gives the aspect
 * ({@code CREATE} → created; {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code MERGE},
 * {@code TRUNCATE}, {@code ALTER} → updated; {@code SELECT}, {@code SHOW}, {@code DESCRIBE} → accessed;
 * anything else, {@code DROP} included, none: 1.6's life cycle has no {@code deleted}); the time is the
 * query's {@code queryDate} (its day, the unit of a staged query log); the person is the query's first
 * user (the REST sink sends an OpenMetadata user as {@code accessedBy}, any other name as
 * {@code accessedByAProcess}). Only a strictly later time replaces the one kept for an aspect.
 *
 * <p>OpenMetadata sends one life cycle per table and day; this takes every day the run staged
 * for the table at once, so an earlier day's aspect that a later day lacks is not lost. Its kind of
 * query is read from the statement's first keyword (after comments; a {@code WITH} is an update when
 * it writes); OpenMetadata's patterns match those words anywhere on the first line, so that
 * {@code SELECT created_at FROM t} counts as a creation there and as a read here. As in OpenMetadata,
 * a query's kind applies to every table it touched (the source of an {@code INSERT … SELECT} is
 * updated too).
 */
final class TableLifeCycles {

    private static final Set<String> UPDATES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "ALTER");
    private static final Set<String> READS = Set.of("SELECT", "SHOW", "DESCRIBE");
    /** Whitespace, comments and opening parentheses before a statement's first keyword. */
    private static final Pattern LEADING = Pattern.compile("\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/|\\()*",
            Pattern.DOTALL);
    private static final Pattern WRITE_IN_WITH = Pattern.compile("\\b(INSERT|UPDATE|DELETE|MERGE)\\b",
            Pattern.CASE_INSENSITIVE);

    private TableLifeCycles() {
    }

    /** The aspect a query shows of the tables it touched, if any. */
    static Optional<LifeCycle.Aspect> aspectOf(String sql) {
        if (sql == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher leading = LEADING.matcher(sql);
        String rest = leading.lookingAt() ? sql.substring(leading.end()) : sql;
        int end = 0;
        while (end < rest.length() && (Character.isLetter(rest.charAt(end)) || rest.charAt(end) == '_')) {
            end++;
        }
        String keyword = rest.substring(0, end).toUpperCase(Locale.ROOT);
        if (keyword.equals("CREATE")) {
            return Optional.of(LifeCycle.Aspect.CREATED);
        }
        if (UPDATES.contains(keyword)) {
            return Optional.of(LifeCycle.Aspect.UPDATED);
        }
        if (READS.contains(keyword)) {
            return Optional.of(LifeCycle.Aspect.ACCESSED);
        }
        if (keyword.equals("WITH")) {
            return Optional.of(WRITE_IN_WITH.matcher(rest).find() ? LifeCycle.Aspect.UPDATED : LifeCycle.Aspect.ACCESSED);
        }
        return Optional.empty();
    }

    /**
     * The life cycle of {@code table} from its staged days (in the order staged), or empty when none
     * of its queries shows an aspect.
     */
    static Optional<TableLifeCycleRequest> of(String table, List<TableUsageCount> days) {
        LifeCycle lifeCycle = LifeCycle.NONE;
        for (TableUsageCount day : days) {
            long queryDate = LocalDate.parse(day.date()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            for (TableUsageCount.SqlQuery query : day.sqlQueries()) {
                Optional<LifeCycle.Aspect> aspect = aspectOf(query.query());
                if (aspect.isPresent()) {
                    EntityReference user = query.users() == null || query.users().isEmpty() ? null
                            : EntityReference.byName("user", query.users().get(0));
                    lifeCycle = lifeCycle.seen(aspect.get(), new LifeCycle.AccessDetails(queryDate, user, null));
                }
            }
        }
        return lifeCycle.isEmpty() ? Optional.empty()
                : Optional.of(new TableLifeCycleRequest(EntityReference.byFqn("table", table), lifeCycle));
    }
}
