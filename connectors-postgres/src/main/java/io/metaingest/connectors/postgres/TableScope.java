package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import java.util.stream.Stream;

/**
 * The tables a profiler or auto-classification workflow reads: the schema filter (with
 * {@link SchemaScope}'s rules), the table filter on the bare name, {@code includeViews}, and never
 * an extension's relations. A table left out is a filtered result with the reason. The user's patterns
 * count what they let through ({@link AppliedFilter}), so that a pattern that let no name through
 * warns at the end as the metadata workflow's does ({@link #noneLetThrough()}). One per run.
 */
final class TableScope {

    private final SchemaScope schemas;
    private final AppliedFilter schemaFilter;
    private final AppliedFilter tables;
    private final boolean includeViews;

    TableScope(FilterPattern schemaFilter, FilterPattern tableFilter, boolean includeViews) {
        this.schemas = SchemaScope.of(schemaFilter);
        // The same fields and words as the metadata workflow's, so both warn alike.
        this.schemaFilter = AppliedFilter.of("schemaFilterPattern", "schemas", schemaFilter, schemas.filter());
        this.tables = AppliedFilter.of("tableFilterPattern", "tables and views", tableFilter);
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
        if (schemas.isSystem(target.schema())) {
            // Never read whatever the filter, so not a name the filter is asked about.
            return Result.filtered(fqn, schemas.filter().rejection(target.schema())
                    .orElse("schema " + target.schema() + " is not read"));
        }
        java.util.Optional<String> schemaRejected = schemaFilter.rejection(target.schema());
        if (schemaRejected.isPresent()) {
            return Result.filtered(fqn, schemaRejected.get());
        }
        if (target.extension() != null) {
            return Result.filtered(fqn, PostgresMetadataSource.extensionMember(
                    PostgresMetadataSource.relationKind(target.relkind()), target.extension()));
        }
        if ("v".equals(target.relkind()) && !includeViews) {
            return Result.filtered(fqn, "includeViews is false");
        }
        java.util.Optional<String> tableRejected = tables.rejection(target.name());
        if (tableRejected.isPresent()) {
            return Result.filtered(fqn, tableRejected.get());
        }
        return Result.ok(target);
    }

    /**
     * The warnings due once every target went through {@link #select} (lazily: consume the stream after
     * them): an include aimed at a {@code pg_*} schema, then each user pattern, {@code databases}' first, that
     * let none of the names it was asked about through (the schema pattern not when its includes aim only at
     * {@code pg_*} schemas: the first warning says why already), as the metadata workflow warns.
     */
    <T> Stream<Result<T>> noneLetThrough(AppliedFilter databases) {
        Stream<AppliedFilter> userFilters = schemas.includesOnlyNeverIngested() ? Stream.of(databases, tables)
                : Stream.of(databases, schemaFilter, tables);
        return Stream.concat(schemas.<T>neverIngestedWarning(), userFilters.flatMap(AppliedFilter::<T>noneLetThrough));
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
