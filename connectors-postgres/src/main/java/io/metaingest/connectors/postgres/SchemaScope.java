package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The schemas a workflow may ingest: those the configured {@code schemaFilterPattern} (or
 * OpenMetadata's default) accepts, never PostgreSQL's own. A pattern a user writes replaces the
 * default, but it cannot bring back the system schemas: {@code pg_catalog}, {@code pg_toast} and
 * every other {@code pg_*} schema ({@code pg_temp_N}, {@code pg_toast_temp_N}; PostgreSQL refuses
 * that prefix for user schemas) are never read; {@code information_schema} is read only when an
 * include pattern is aimed at it (its text contains {@code information_schema}, or it matches that name
 * and not just any name, as {@code info.*} does), since {@code .*} means "everything of mine", not the SQL
 * standard's views. This is OpenMetadata 1.6's behaviour: its
 * schema listing (SQLAlchemy's) leaves out every {@code pg_*} schema, and only its default filter
 * leaves out {@code information_schema}. An include pattern aimed at a {@code pg_*} schema therefore
 * does nothing, which {@link #includesNeverIngested()} tells the user rather than dropping it silently.
 */
final class SchemaScope {

    /** OpenMetadata's default schema filter, used when none is configured. */
    static final FilterPattern DEFAULT_FILTER = FilterPattern.excluding("^information_schema$", "^pg_");

    private static final String INFORMATION_SCHEMA = "information_schema";
    /** Where the include patterns are in a workflow file. */
    static final String INCLUDES_PATH = AppliedFilter.SOURCE_CONFIG_PATH + ".schemaFilterPattern.includes";
    /** A name no schema has: a pattern that matches it matches anything, and is aimed at no schema in particular. */
    private static final String ANY_NAME = "zq_metaingest_any_name_9";
    /** The system schemas every database has: what an include pattern aimed at PostgreSQL's own is about. */
    private static final List<String> SYSTEM_SCHEMAS = List.of("pg_catalog", "pg_toast");

    private final FilterPattern filter;
    private final boolean informationSchema;

    private SchemaScope(FilterPattern filter, boolean informationSchema) {
        this.filter = filter;
        this.informationSchema = informationSchema;
    }

    /** The scope of a configured filter; null means OpenMetadata's default. */
    static SchemaScope of(FilterPattern configured) {
        FilterPattern filter = configured == null ? DEFAULT_FILTER : configured;
        boolean named = filter.includes().stream().anyMatch(SchemaScope::aimedAtInformationSchema);
        return new SchemaScope(filter, named);
    }

    /** Whether the include pattern {@code include} names information_schema, or matches it and not just any name. */
    private static boolean aimedAtInformationSchema(String include) {
        if (include.toLowerCase(Locale.ROOT).contains(INFORMATION_SCHEMA)) {
            return true;
        }
        Pattern compiled = Pattern.compile(include, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return compiled.matcher(INFORMATION_SCHEMA).lookingAt() && !compiled.matcher(ANY_NAME).lookingAt();
    }

    /**
     * Why the include patterns that name a {@code pg_*} schema do nothing, as one warning's text; empty
     * when none does. A pattern names one when its text contains the schema's name, or contains
     * {@code pg_} and matches it ({@code ^pg_}); {@code .*} matches pg_catalog too but is not aimed at it.
     */
    Optional<String> includesNeverIngested() {
        List<String> patterns = new ArrayList<>();
        Set<String> schemas = new LinkedHashSet<>();
        for (String include : filter.includes()) {
            Optional<List<String>> named = pgSchemasNamed(include);
            if (named.isPresent()) {
                patterns.add(include);
                schemas.addAll(named.get());
            }
        }
        if (patterns.isEmpty()) {
            return Optional.empty();
        }
        boolean one = patterns.size() == 1;
        return Optional.of((one ? "include pattern " : "include patterns ") + patterns + (one ? " names " : " name ")
                + String.join(", ", schemas) + ", which " + (schemas.size() == 1 && !schemas.contains("pg_*") ? "is" : "are")
                + " never ingested: PostgreSQL's own pg_* schemas are left out whatever the filter, as OpenMetadata"
                + " leaves them out (information_schema is the one system schema an include brings in): leave"
                + " pg_* schemas out of the includes");
    }

    /**
     * Whether there are include patterns and every one is aimed at a {@code pg_*} schema: the filter then lets no
     * schema through, which {@link #includesNeverIngested()} says already, with its reason.
     */
    boolean includesOnlyNeverIngested() {
        return !filter.includes().isEmpty() && filter.includes().stream().allMatch(p -> pgSchemasNamed(p).isPresent());
    }

    /**
     * The {@code pg_*} schemas the include pattern {@code include} is aimed at ({@code pg_*} for the prefix); empty
     * when it is aimed at none of them.
     */
    private static Optional<List<String>> pgSchemasNamed(String include) {
        String text = include.toLowerCase(Locale.ROOT);
        if (!text.contains("pg_")) {
            return Optional.empty();
        }
        Pattern compiled = Pattern.compile(include, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        List<String> named = SYSTEM_SCHEMAS.stream()
                .filter(schema -> text.contains(schema) || compiled.matcher(schema).lookingAt()).toList();
        if (!named.isEmpty()) {
            return Optional.of(named);
        }
        return text.replaceFirst("^\\^", "").startsWith("pg_") ? Optional.of(List.of("pg_*")) : Optional.empty();
    }

    /**
     * The warnings due at the end of a run, once every name went through the filters: an include aimed at a
     * {@code pg_*} schema ({@link #neverIngestedWarning}), then each of the user's patterns that let none of the
     * names it was asked about through, in the order given, {@code databases} (null when there is none) and
     * {@code schemaFilter} first. The schema pattern is left out when its includes aim only at {@code pg_*}
     * schemas: the first warning says why it let nothing through.
     */
    <T> Stream<Result<T>> endOfRunWarnings(AppliedFilter databases, AppliedFilter schemaFilter, AppliedFilter... others) {
        return Stream.concat(neverIngestedWarning(), patternsThatLetNothingThrough(databases, schemaFilter, others));
    }

    /**
     * {@link #endOfRunWarnings} without the {@code pg_*} include's warning: for a step that applies the
     * patterns after a source that emitted that one already.
     */
    <T> Stream<Result<T>> patternsThatLetNothingThrough(AppliedFilter databases, AppliedFilter schemaFilter,
                                                        AppliedFilter... others) {
        Stream<AppliedFilter> userFilters = Stream.concat(Stream.ofNullable(databases), Stream.concat(
                includesOnlyNeverIngested() ? Stream.empty() : Stream.of(schemaFilter), Stream.of(others)));
        return userFilters.flatMap(AppliedFilter::<T>noneLetThrough);
    }

    /**
     * {@link #includesNeverIngested()} as the run's one warning, on {@link #INCLUDES_PATH}: every workflow
     * that reads this filter emits it once, since it depends on the workflow file alone.
     */
    <T> Stream<Result<T>> neverIngestedWarning() {
        return includesNeverIngested().stream().map(why -> Result.warning(INCLUDES_PATH, why));
    }

    /** The configured (or default) filter, which the caller applies to the name or FQN it filters on. */
    FilterPattern filter() {
        return filter;
    }

    /** Whether {@code schema} is one of PostgreSQL's own that this scope never ingests, whatever the filter. */
    boolean isSystem(String schema) {
        return schema.startsWith("pg_") || (!informationSchema && schema.equals(INFORMATION_SCHEMA));
    }

    /**
     * Why the system schema {@code schema} ({@link #isSystem}) is not read: no pattern is asked about it, so
     * the reason names the rule rather than a pattern.
     */
    static String systemSchemaReason(String schema) {
        return schema.startsWith("pg_") ? "schema " + schema + " is PostgreSQL's own, never ingested whatever the filters"
                : "schema " + schema + " is read only when a pattern of " + INCLUDES_PATH + " names it";
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
