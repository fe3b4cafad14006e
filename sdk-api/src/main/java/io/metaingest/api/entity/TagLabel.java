package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tag applied to an entity.
 *
 * @param tagFQN the tag's FQN, {@code classification.tag}
 * @param source {@code Classification} or {@code Glossary}
 * @param labelType {@code Manual}, {@code Propagated}, {@code Automated} or {@code Derived}
 * @param state {@code Suggested} or {@code Confirmed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TagLabel(String tagFQN, String source, String labelType, String state) {

    /** A confirmed classification tag set automatically by ingestion (a fact of the source, such as a policy). */
    public static TagLabel classification(String tagFqn) {
        return new TagLabel(tagFqn, "Classification", "Automated", "Confirmed");
    }

    /**
     * A classification tag ingestion only suggests, for a person to confirm or reject: what
     * OpenMetadata's auto-classification sends for the PII it detects.
     */
    public static TagLabel suggested(String tagFqn) {
        return new TagLabel(tagFqn, "Classification", "Automated", "Suggested");
    }
}
