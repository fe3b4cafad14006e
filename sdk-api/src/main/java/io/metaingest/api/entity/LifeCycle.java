package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenMetadata's {@code LifeCycle} of a data asset ({@code type/lifeCycle.json}): when it was last
 * created, updated and accessed, and by whom. OpenMetadata 1.6's schema has these three aspects only
 * (no {@code deleted}). Absent aspects are omitted from JSON.
 *
 * @param created the latest creation seen
 * @param updated the latest change to its data or structure seen
 * @param accessed the latest read seen
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LifeCycle(AccessDetails created, AccessDetails updated, AccessDetails accessed) {

    /** Nothing seen yet. */
    public static final LifeCycle NONE = new LifeCycle(null, null, null);

    /** The aspects of a life cycle, named as OpenMetadata's JSON names them. */
    public enum Aspect {
        /** {@code created}. */
        CREATED,
        /** {@code updated}. */
        UPDATED,
        /** {@code accessed}. */
        ACCESSED
    }

    /**
     * OpenMetadata's {@code accessDetails}: when, and by an OpenMetadata user or by a process (a name
     * OpenMetadata does not know as a user).
     *
     * @param timestamp epoch milliseconds (required)
     * @param accessedBy the user, as a reference (by name outside a server; the REST sink resolves it)
     * @param accessedByAProcess who, when it is no OpenMetadata user
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessDetails(long timestamp, EntityReference accessedBy, String accessedByAProcess) {
    }

    /** The details of {@code aspect}, or null when none was seen. */
    public AccessDetails get(Aspect aspect) {
        return switch (aspect) {
            case CREATED -> created;
            case UPDATED -> updated;
            case ACCESSED -> accessed;
        };
    }

    /**
     * This life cycle with {@code details} for {@code aspect} when it has none yet or {@code details}
     * is strictly later (as OpenMetadata's usage bulk sink: an earlier or equal time never replaces the
     * one kept).
     */
    public LifeCycle seen(Aspect aspect, AccessDetails details) {
        AccessDetails kept = get(aspect);
        if (kept != null && kept.timestamp() >= details.timestamp()) {
            return this;
        }
        return switch (aspect) {
            case CREATED -> new LifeCycle(details, updated, accessed);
            case UPDATED -> new LifeCycle(created, details, accessed);
            case ACCESSED -> new LifeCycle(created, updated, details);
        };
    }

    /** Whether no aspect was seen. */
    @JsonIgnore
    public boolean isEmpty() {
        return created == null && updated == null && accessed == null;
    }
}
