package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.FilterPattern;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One of the workflow's filter patterns as a Postgres source applies it ({@link AppliedFilter}, which counts
 * what it lets through), whose reasons name the setting as the workflow file writes it and the pattern that
 * decided: a user with a database, a schema and a table pattern reads which one left a name out,
 * {@code source.sourceConfig.config.tableFilterPattern excludes "orders": "^orders$" matches it}. The prefix
 * is added here, not in {@link AppliedFilter}, whose bare reasons other connectors word their own way.
 */
final class ConfiguredFilter {

    private final AppliedFilter applied;
    private final String path;
    private final boolean userSet;
    /** Each exclude pattern on its own, to tell which one matched a name that was dropped. */
    private final List<FilterPattern> excludes;

    private ConfiguredFilter(AppliedFilter applied, String field, boolean userSet) {
        this.applied = applied;
        this.path = AppliedFilter.SOURCE_CONFIG_PATH + "." + field;
        this.userSet = userSet;
        this.excludes = applied.pattern().excludes().stream().map(FilterPattern::excluding).toList();
    }

    /** As {@link AppliedFilter#of(String, String, FilterPattern)}. */
    static ConfiguredFilter of(String field, String entities, FilterPattern configured) {
        return of(field, entities, configured, FilterPattern.acceptAll());
    }

    /** As {@link AppliedFilter#of(String, String, FilterPattern, FilterPattern)}. */
    static ConfiguredFilter of(String field, String entities, FilterPattern configured, FilterPattern byDefault) {
        return new ConfiguredFilter(AppliedFilter.of(field, entities, configured, byDefault), field, configured != null);
    }

    /** Why {@code name} is dropped, naming the setting and its pattern, or empty when it passes; counted. */
    Optional<String> rejection(String name) {
        return applied.rejection(name).map(bare -> reason(name));
    }

    /** The counting filter, for the end-of-run warning of a pattern that let nothing through. */
    AppliedFilter applied() {
        return applied;
    }

    private String reason(String name) {
        // A default the file does not write is named as such: the user looks for it in vain otherwise.
        String setting = userSet ? path : path + " (not set: its default)";
        FilterPattern pattern = applied.pattern();
        if (!pattern.includes().isEmpty()) {
            String includes = pattern.includes().stream().map(ConfiguredFilter::quoted).collect(Collectors.joining(" or "));
            return setting + " includes only names matching " + includes + ": " + quoted(name) + " matches none";
        }
        // The exclude that matched: each one before it was already matched against this name without a match.
        for (FilterPattern exclude : excludes) {
            if (!exclude.includes(name)) {
                return setting + " excludes " + quoted(name) + ": " + quoted(exclude.excludes().get(0)) + " matches it";
            }
        }
        return setting + " excludes " + quoted(name);
    }

    /** Why a switch of the workflow's leaves a relation out: {@code source.sourceConfig.config.includeViews is false}. */
    static String switchedOff(String field) {
        return AppliedFilter.SOURCE_CONFIG_PATH + "." + field + " is false";
    }

    /** A name or pattern in quotes, its own quotes and backslashes escaped, so that its ends are plain. */
    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
