package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;

/**
 * The tables a profiler or auto-classification workflow reads: the schema filter (with
 * {@link SchemaScope}'s rules), the table filter on the bare name, {@code includeViews}, and never
 * an extension's relations. A table left out is a filtered result with the reason.
 */
final class TableScope {

    private final SchemaScope schemas;
    private final FilterPattern tables;
    private final boolean includeViews;

    TableScope(FilterPattern schemaFilter, FilterPattern tableFilter, boolean includeViews) {
        this.schemas = SchemaScope.of(schemaFilter);
        this.tables = FilterPattern.orAll(tableFilter);
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
        if (!schemas.includes(target.schema())) {
            return Result.filtered(fqn, schemas.filter().rejection(target.schema())
                    .orElse("schema " + target.schema() + " is not read"));
        }
        if (target.extension() != null) {
            return Result.filtered(fqn, PostgresMetadataSource.extensionMember(
                    PostgresMetadataSource.relationKind(target.relkind()), target.extension()));
        }
        if ("v".equals(target.relkind()) && !includeViews) {
            return Result.filtered(fqn, "includeViews is false");
        }
        if (!tables.includes(target.name())) {
            return Result.filtered(fqn, tables.rejection(target.name()).orElseThrow());
        }
        return Result.ok(target);
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
