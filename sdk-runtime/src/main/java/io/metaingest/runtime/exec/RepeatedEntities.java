package io.metaingest.runtime.exec;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Status;
import io.metaingest.openmetadata.SeenNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Entities a source emits more than once in a run, each told once as a warning of the source naming its FQN.
 * OpenMetadata creates or updates an entity by its FQN, so the second record silently replaces the first while the
 * run counts both; the run goes on, as OpenMetadata's would. The first {@value #NAMED} such entities are named, one
 * warning each (as many as the report keeps); past them one warning at the end of the read counts the rest. Only the
 * entities a service owns by FQN are looked at (a lineage edge, a status or a usage count may repeat by design).
 * Keeps the FQNs of the first {@value #CHECKED} entities as 64-bit hashes ({@link SeenNames}, about 16 bytes each:
 * 4 MB at most); later entities are not looked at. Remembering every entity of a million-table run added ~45 MB to
 * its peak RSS (measured: 116 → 163 MB under {@code -Xmx128m}) for a warning about a connector's bug, which the
 * test kit's uniqueness check finds over a whole run. Used by the run's thread only.
 */
final class RepeatedEntities {

    /** Entity types OpenMetadata knows by their FQN within their service: a second record replaces the first. */
    static final Set<String> KNOWN_BY_FQN = Fqn.PARTS_BY_ENTITY_TYPE.keySet();

    /** Entities whose repeats are looked for, in the order the source emits them. */
    static final int CHECKED = 200_000;

    /** Entities named one warning each; the rest are counted in one. */
    static final int NAMED = Status.KEPT_DETAILS;

    private final Status source;
    private final Map<String, SeenNames> seen = new HashMap<>();
    /** Entities seen more than once, by type and FQN: told once each, however often they repeat. */
    private final SeenNames repeated = new SeenNames();
    private int checked;

    RepeatedEntities(Status source) {
        this.source = source;
    }

    /**
     * Looks at one record the source emitted; warns the first time an entity comes again. On the run's per-record
     * path: kept this small so the JIT inlines it, and a record that is no entity costs one type check, not a call.
     */
    void saw(Object record) {
        if (record instanceof EntityRequest entity) {
            sawEntity(entity);
        }
    }

    private void sawEntity(EntityRequest entity) {
        if (!KNOWN_BY_FQN.contains(entity.entityType())) {
            return;
        }
        String fqn = entity.key();
        if (fqn == null) {
            return;
        }
        SeenNames ofType = seen.get(entity.entityType());
        if (ofType == null || !ofType.contains(fqn)) {
            if (checked < CHECKED) {
                checked++;
                seen.computeIfAbsent(entity.entityType(), type -> new SeenNames()).add(fqn);
            }
            return;
        }
        if (!repeated.add(entity.entityType() + " " + fqn) || repeated.size() > NAMED) {
            return;
        }
        source.warning(fqn, entity.entityType() + " emitted more than once in this run; OpenMetadata keeps only the"
                + " last (an entity is known by its FQN), though each counts as a record here: emit each entity once");
    }

    /** Once the read is over: one warning counting the repeated entities not named, if any. */
    void finish(String sourceName) {
        int more = repeated.size() - NAMED;
        if (more > 0) {
            source.outcome(sourceName, "… and " + more + " more entit" + (more == 1 ? "y" : "ies") + " emitted more"
                    + " than once in this run (the first " + NAMED + " are named in their own warnings); OpenMetadata"
                    + " keeps only the last of each: emit each entity once");
        }
    }
}
