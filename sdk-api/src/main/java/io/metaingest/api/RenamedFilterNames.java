package io.metaingest.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A filter pattern of a connector's {@code sourceConfig} whose entries named entities one way before
 * an OpenMetadata release and another way since (Fivetran's {@code pipelineFilterPattern}: connector
 * ids in 1.5, display names in 1.6). {@code metaingest migrate} flags entries that look like former
 * names and, with {@code --resolve}, asks the connector's {@link FilterNameResolver} for the current
 * names and rewrites them.
 *
 * @param field the filter pattern field of {@code sourceConfig.config}, e.g. {@code pipelineFilterPattern}
 * @param formerName a regular expression that a former name matches in full
 * @param reason why former names no longer match, shown with each flagged entry
 * @param resolver created by the runtime's injector with the workflow's connection bound
 */
public record RenamedFilterNames(String field, Pattern formerName, String reason,
                                 Class<? extends FilterNameResolver> resolver) {

    /** Checks the fields. */
    public RenamedFilterNames {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(formerName, "formerName");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(resolver, "resolver");
    }
}
