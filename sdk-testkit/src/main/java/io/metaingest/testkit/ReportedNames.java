package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.StepSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether the names a database source gives {@code Result.filtered} and {@code Result.failed} tell the
 * run report's reader which entity was dropped. OpenMetadata's database sources name a filtered
 * database, schema or table by its FQN ({@code svc.db.schema.orders}); a bare {@code orders} may be
 * any of a service's tables of that name. A name is judged when it is one word (a name with a space
 * describes something, such as a listing or a query, and is left alone): it must be an FQN in the
 * run's service, the service itself, or the source step's own name (the runtime's, for an error that
 * ended the run).
 */
final class ReportedNames {

    /** FQN-keyed entity types, whose key is the FQN a name should have been. */
    private static final Set<String> NAMED_BY_FQN = Set.of("database", "databaseSchema", "table", "storedProcedure");
    private static final Pattern SPACE = Pattern.compile("\\s");
    private static final String MASK = "<the secret>";
    /** Problems shown; the rest are counted. */
    static final int SHOWN = 10;

    private ReportedNames() {
    }

    /**
     * One line per distinct filtered or failed name of the runs' sources that is not what the report
     * needs, each naming the run, the name and the fix; empty when every name is.
     */
    static List<String> problems(List<KitRun> runs) {
        Map<String, String> fqns = knownFqns(runs);
        Map<String, String> problems = new LinkedHashMap<>();
        for (KitRun run : runs) {
            List<StepSummary> steps = run.result().steps();
            if (steps.isEmpty()) {
                continue;
            }
            StepSummary source = steps.get(0);
            String service = run.result().serviceName();
            for (String detail : source.filteredDetails()) {
                int colon = detail.indexOf(": ");
                String name = colon < 0 ? detail : detail.substring(0, colon);
                judge(run, "filtered", name, service, source.name(), fqns).ifPresent(p -> problems.putIfAbsent("filtered " + name, p));
            }
            for (StepError failure : source.failures()) {
                String name = failure.name();
                judge(run, "failed", name, service, source.name(), fqns).ifPresent(p -> problems.putIfAbsent("failed " + name, p));
            }
        }
        List<String> shown = new ArrayList<>(problems.values().stream().limit(SHOWN).toList());
        if (problems.size() > SHOWN) {
            shown.add("… and " + (problems.size() - SHOWN) + " more names");
        }
        return shown;
    }

    private static Optional<String> judge(KitRun run, String what, String name, String service, String stepName,
                                          Map<String, String> fqns) {
        if (name != null && (SPACE.matcher(name).find() || name.equals(service) || name.equals(stepName))) {
            return Optional.empty();
        }
        if (name != null && !name.isEmpty()) {
            List<String> parts = Fqn.split(name);
            if (parts.size() >= 2 && parts.get(0).equals(service)) {
                return Optional.empty();
            }
        }
        String shown = name == null ? "null" : "'" + masked(name, run.secrets()) + "'";
        String meant = name == null || name.isEmpty() ? "" : meant(name, service, fqns)
                .map(fqn -> " (here " + fqns.get(fqn) + " " + masked(fqn, run.secrets()) + ")").orElse("");
        String call = "filtered".equals(what) ? "Result.filtered" : "Result.failed";
        return Optional.of("the " + run.kind() + " run's source " + what + " " + shown + ", which is not an FQN in service '"
                + service + "': give " + call + " the entity's fully qualified name" + meant + ", as OpenMetadata's database"
                + " sources do, so the run report tells which entity it was");
    }

    /**
     * The entity of the run's service whose FQN ends with the name's parts, or whose last part is the
     * whole name (a bare name holding dots, {@code sense.and.sensibility}, is one part of an FQN), when
     * there is one.
     */
    private static Optional<String> meant(String name, String service, Map<String, String> fqns) {
        List<String> tail = Fqn.split(name);
        for (String fqn : fqns.keySet()) {
            List<String> parts = Fqn.split(fqn);
            if (parts.get(0).equals(service) && (parts.get(parts.size() - 1).equals(name) || parts.size() > tail.size()
                    && parts.subList(parts.size() - tail.size(), parts.size()).equals(tail))) {
                return Optional.of(fqn);
            }
        }
        return Optional.empty();
    }

    /** The FQN of every database, schema, table and procedure the runs wrote, with its entity type. */
    private static Map<String, String> knownFqns(List<KitRun> runs) {
        Map<String, String> fqns = new LinkedHashMap<>();
        for (KitRun run : runs) {
            for (JsonNode line : run.records()) {
                if (!NAMED_BY_FQN.contains(line.path("entityType").asText())) {
                    continue;
                }
                try {
                    EntityRequest entity = Entities.bind(line);
                    fqns.putIfAbsent(entity.key(), entity.entityType());
                } catch (IllegalArgumentException e) {
                    // a record that does not bind is the shape check's to report
                }
            }
        }
        return fqns;
    }

    private static String masked(String text, List<String> secrets) {
        Set<String> distinct = new LinkedHashSet<>(secrets);
        String out = text;
        for (String secret : distinct) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
