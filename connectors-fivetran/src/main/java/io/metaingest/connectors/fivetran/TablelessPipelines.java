package io.metaingest.connectors.fivetran;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipelines read from services without tables of their own (Salesforce, HubSpot…: their connections
 * name no source database), which therefore carry no table lineage. The user can do nothing about them,
 * so they are told once per run, counted per service with the first few names, rather than once each,
 * which would drown the warnings that need acting on. Each one is logged at DEBUG.
 *
 * <p>Thread-safe; memory is bounded by the number of services, not of pipelines.
 */
final class TablelessPipelines {

    private static final Logger LOG = LoggerFactory.getLogger(TablelessPipelines.class);
    /** How many pipeline names the line gives. */
    static final int NAMED = 3;

    private final Map<String, Integer> byService = new TreeMap<>();
    /** The first {@link #NAMED} names in order, so the line is the same whatever the threads did. */
    private final TreeSet<String> firstNames = new TreeSet<>();
    private int count;

    /** Records the pipeline {@code name}, read from a connection of type {@code service}. */
    synchronized void add(String name, String service) {
        LOG.debug("pipeline {} ({}) carries no table lineage: its connection names no source database", name, service);
        count++;
        byService.merge(String.valueOf(service), 1, Integer::sum);
        firstNames.add(name);
        if (firstNames.size() > NAMED) {
            firstNames.pollLast();
        }
    }

    /**
     * The one line for the run, e.g. {@code 50 pipelines read from services without tables of their own
     * (salesforce 48, hubspot 2) carry no table lineage, …: a_1, a_2, a_3 and 47 more}; empty when none.
     */
    synchronized Optional<String> summary() {
        if (count == 0) {
            return Optional.empty();
        }
        List<Map.Entry<String, Integer>> services = new ArrayList<>(byService.entrySet());
        services.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> perService = services.stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        boolean one = count == 1;
        return Optional.of(count + (one ? " pipeline read from a service without tables of its own ("
                : " pipelines read from services without tables of their own (") + String.join(", ", perService)
                + (one ? ") carries" : ") carry") + " no table lineage, as " + (one ? "its connection names" : "their connections name")
                + " no source database (" + FivetranLineage.DATABASE_FIELDS_LISTED + "): " + String.join(", ", firstNames)
                + (count > firstNames.size() ? " and " + (count - firstNames.size()) + " more (each in the debug log)" : ""));
    }
}
