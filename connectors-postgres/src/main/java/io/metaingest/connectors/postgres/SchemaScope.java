package io.metaingest.connectors.postgres;

import io.metaingest.api.FilterPattern;
import java.util.Locale;

/**
 * The schemas a workflow may ingest: those the configured {@code schemaFilterPattern} (or
 * OpenMetadata's default) accepts, never PostgreSQL's own. A pattern a user writes replaces the
 * default, but it cannot bring back the system schemas: {@code pg_catalog}, {@code pg_toast} and
 * every other {@code pg_*} schema ({@code pg_temp_N}, {@code pg_toast_temp_N}; PostgreSQL refuses
 * that prefix for user schemas) are never read; {@code information_schema} is read only when an
 * include pattern names it (its text contains {@code information_schema}), since {@code .*} means
 * "everything of mine", not the SQL standard's views.
 */
final class SchemaScope {

    /** OpenMetadata's default schema filter, used when none is configured. */
    static final FilterPattern DEFAULT_FILTER = FilterPattern.excluding("^information_schema$", "^pg_");

    private static final String INFORMATION_SCHEMA = "information_schema";

    private final FilterPattern filter;
    private final boolean informationSchema;

    private SchemaScope(FilterPattern filter, boolean informationSchema) {
        this.filter = filter;
        this.informationSchema = informationSchema;
    }

    /** The scope of a configured filter; null means OpenMetadata's default. */
    static SchemaScope of(FilterPattern configured) {
        FilterPattern filter = configured == null ? DEFAULT_FILTER : configured;
        boolean named = filter.includes().stream()
                .anyMatch(p -> p.toLowerCase(Locale.ROOT).contains(INFORMATION_SCHEMA));
        return new SchemaScope(filter, named);
    }

    /** The configured (or default) filter, which the caller applies to the name or FQN it filters on. */
    FilterPattern filter() {
        return filter;
    }

    /** Whether {@code schema} is one of PostgreSQL's own that this scope never ingests, whatever the filter. */
    boolean isSystem(String schema) {
        return schema.startsWith("pg_") || (!informationSchema && schema.equals(INFORMATION_SCHEMA));
    }

    /** Whether {@code schema} is ingested: not a system schema, and accepted by the filter on its bare name. */
    boolean includes(String schema) {
        return !isSystem(schema) && filter.includes(schema);
    }

    /** A SQL condition that leaves out the system schemas, on a column holding schema names. */
    String sqlCondition(String column) {
        return column + " !~ '^pg_'" + (informationSchema ? "" : " AND " + column + " <> '" + INFORMATION_SCHEMA + "'");
    }
}
