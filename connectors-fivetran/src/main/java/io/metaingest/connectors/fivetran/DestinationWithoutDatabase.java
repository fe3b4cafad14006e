package io.metaingest.connectors.fivetran;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipelines of one group whose destination names no database: their destination tables cannot be named, so
 * none of them carries lineage. The group is told once, with how many pipelines and the fix, once its connections
 * are listed, rather than once per pipeline, which would drown the warnings that need acting on (a group often holds
 * dozens). Each pipeline is logged at DEBUG.
 *
 * <p>Used on the listing thread only; memory is a counter.
 */
final class DestinationWithoutDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationWithoutDatabase.class);

    private final String group;
    private final String service;
    private int pipelines;

    /**
     * @param group the group as lines name it, {@code group {id} ({name})}
     * @param service the destination's type, e.g. {@code s3_data_lake}
     */
    DestinationWithoutDatabase(String group, String service) {
        this.group = group;
        this.service = service;
    }

    /** Records the pipeline {@code name} of the group. */
    void add(String name) {
        LOG.debug("pipeline {} carries no lineage: the destination of {} names no database", name, group);
        pipelines++;
    }

    /**
     * The one line for the group, e.g. {@code its config (s3_data_lake) names no database (…), so the 80 pipelines
     * of the group are ingested without lineage, …}; empty when none of its pipelines was read.
     */
    Optional<String> summary() {
        if (pipelines == 0) {
            return Optional.empty();
        }
        boolean one = pipelines == 1;
        return Optional.of("its config (" + service + ") names no database (" + FivetranLineage.DATABASE_FIELDS_LISTED
                + "), so the " + pipelines + (one ? " pipeline of the group is" : " pipelines of the group are")
                + " ingested without lineage, as " + (one ? "its" : "their") + " destination tables are not known"
                + " (each in the debug log): give the destination its database in Fivetran; one without any (a data"
                + " lake) has no tables to trace lineage to");
    }
}
