package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The tables a workflow reads (the profiler's and auto-classification's; the lineage's targets and the
 * usage's tables, which ignore includeViews): the schema filter (with
 * {@link SchemaScope}'s rules), the table filter on the bare name, {@code includeViews}, and never
 * an extension's relations. A table left out is a filtered result with the reason. The user's patterns
 * count what they let through ({@link AppliedFilter}), so that a pattern that let no name through
 * warns at the end as the metadata workflow's does ({@link #noneLetThrough()}). One per run.
 */
final class TableScope {

    private final SchemaScope schemas;
    private final ConfiguredFilter schemaFilter;
    private final ConfiguredFilter tables;
    private final boolean includeViews;

    TableScope(FilterPattern schemaFilter, FilterPattern tableFilter, boolean includeViews) {
        this.schemas = SchemaScope.of(schemaFilter);
        // The same fields and words as the metadata workflow's, so both warn alike.
        this.schemaFilter = ConfiguredFilter.of("schemaFilterPattern", "schemas", schemaFilter, schemas.filter());
        this.tables = ConfiguredFilter.of("tableFilterPattern", "tables and views", tableFilter);
        this.includeViews = includeViews;
    }

    SchemaScope schemas() {
        return schemas;
    }

    /** Whether plain views are read. */
    boolean includesViews() {
        return includeViews;
    }

    /** The target to read, or why it is left out. */
    Result<ProfileTarget> select(ProfileTarget target, String fqn) {
        Optional<String> schemaRejected = schemaRejection(target.schema());
        if (schemaRejected.isPresent()) {
            return Result.filtered(fqn, schemaRejected.get());
        }
        if (target.extension() != null) {
            return Result.filtered(fqn, PostgresMetadataSource.extensionMember(
                    PostgresMetadataSource.relationKind(target.relkind()), target.extension()));
        }
        if ("v".equals(target.relkind()) && !includeViews) {
            return Result.filtered(fqn, ConfiguredFilter.switchedOff("includeViews"));
        }
        Optional<String> tableRejected = tableRejection(target.name());
        if (tableRejected.isPresent()) {
            return Result.filtered(fqn, tableRejected.get());
        }
        return Result.ok(target);
    }

    /**
     * Why the schema {@code schema} is not read, or empty when it is: a system schema is never read whatever
     * the filter, so it is not a name the user's pattern is asked about (not counted); any other is.
     */
    Optional<String> schemaRejection(String schema) {
        if (schemas.isSystem(schema)) {
            return Optional.of(SchemaScope.systemSchemaReason(schema));
        }
        return schemaFilter.rejection(schema);
    }

    /** Why the table pattern leaves out the relation {@code name} (its bare name), or empty when it lets it through; counted. */
    Optional<String> tableRejection(String name) {
        return tables.rejection(name);
    }

    /** As {@link #noneLetThrough(ConfiguredFilter)}, for a workflow that reads one database and has no database filter. */
    <T> Stream<Result<T>> noneLetThrough() {
        return noneLetThrough(null);
    }

    /**
     * The warnings due once every target went through {@link #select} (lazily: consume the stream after
     * them): an include aimed at a {@code pg_*} schema, then each user pattern, {@code databases}' first, that
     * let none of the names it was asked about through (the schema pattern not when its includes aim only at
     * {@code pg_*} schemas: the first warning says why already), as the metadata workflow warns.
     */
    <T> Stream<Result<T>> noneLetThrough(ConfiguredFilter databases) {
        return schemas.endOfRunWarnings(databases == null ? null : databases.applied(), schemaFilter.applied(),
                tables.applied());
    }

    /**
     * The warnings of {@link #noneLetThrough()} but the {@code pg_*} include's: for the {@code query-parser} step,
     * which applies the patterns to the tables of the queries its source emitted (and that source warned of a
     * {@code pg_*} include already).
     */
    <T> Stream<Result<T>> patternsThatLetNothingThrough() {
        return schemas.patternsThatLetNothingThrough(null, schemaFilter.applied(), tables.applied());
    }

    /** A filtered result of one type as another (it carries no record). */
    @SuppressWarnings("unchecked")
    static Result<EntityRequest> retype(Result<?> notOk) {
        return (Result<EntityRequest>) notOk;
    }

    static String fqn(String dbFqn, ProfileTarget target) {
        return Fqn.append(dbFqn, target.schema(), target.name());
    }
}
