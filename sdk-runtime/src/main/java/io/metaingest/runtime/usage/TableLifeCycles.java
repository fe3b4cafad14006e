package io.metaingest.runtime.usage;

import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.TableLifeCycleRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * A table's {@link LifeCycle} from the queries the {@code table-usage} stage staged for it, as
 * OpenMetadata 1.6's {@code metadata-usage} bulk sink computes it: each query's kind gives the aspect
 * ({@link LifeCycle#aspectOf}); the time is the
 * query's {@code queryDate} (its day, the unit of a staged query log); the person is the query's first
 * user (the REST sink sends an OpenMetadata user as {@code accessedBy}, any other name as
 * {@code accessedByAProcess}). Only a strictly later time replaces the one kept for an aspect.
 *
 * <p>OpenMetadata sends one life cycle per table and day; this takes every day the run staged
 * for the table at once, so an earlier day's aspect that a later day lacks is not lost. As in OpenMetadata,
 * a query's kind applies to every table it touched (the source of an {@code INSERT … SELECT} is
 * updated too).
 */
final class TableLifeCycles {

    private TableLifeCycles() {
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
                lifeCycle = lifeCycle.withQuery(query.query(), queryDate,
                        query.users() == null || query.users().isEmpty() ? null : query.users().get(0));
            }
        }
        return lifeCycle.isEmpty() ? Optional.empty()
                : Optional.of(new TableLifeCycleRequest(EntityReference.byFqn("table", table), lifeCycle));
    }
}
