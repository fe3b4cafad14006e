package io.metaingest.api.config;

import io.metaingest.api.FilterPattern;

/**
 * The database, schema and table filters of a database workflow's {@code sourceConfig} (metadata,
 * lineage, usage, profiler, auto-classification), so that code outside the source, such as a
 * connector's {@link io.metaingest.api.ConnectionTester}, can check the scope the run will read.
 * Inject it as {@code Optional<DatabaseFilters>}: it is absent for workflows whose source config has
 * none. A null pattern means the workflow's default.
 */
public interface DatabaseFilters {

    /** The filter on database names, or null. */
    FilterPattern databaseFilterPattern();

    /** The filter on schema names, or null. */
    FilterPattern schemaFilterPattern();

    /** The filter on table names, or null. */
    FilterPattern tableFilterPattern();
}
