package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.entity.AddLineageRequest.LineageDetails;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob.Node;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the nodes of a job's run (Discovery API) into table lineage: for every model, an edge from
 * the table of each parent in its {@code dependsOn} (a model, seed or source of the same run) to the
 * model's table, in each database service of {@code lineageInformation.dbServiceNames}, with the job's
 * pipeline in the edge's details. Tables are named {@code service.database.schema.relation}; the REST
 * sink resolves them. Pure: no I/O.
 */
final class DbtCloudLineage {

    private DbtCloudLineage() {
    }

    /**
     * The edges of one job, or a warning when the job yields none.
     *
     * @param job the Discovery data, or null when the API knows no run of the job
     * @param pipelineFqn the job's pipeline
     * @param jobLabel how warnings name the job
     * @param dbServiceNames the services in which both ends are looked up (non-empty)
     */
    static List<Result<EntityRequest>> edges(DiscoveryJob job, String pipelineFqn, String jobLabel,
                                             List<String> dbServiceNames) {
        List<Result<EntityRequest>> out = new ArrayList<>();
        if (job == null || job.models() == null || job.models().isEmpty()) {
            out.add(Result.warning(pipelineFqn, "no lineage for job " + jobLabel
                    + ": the Discovery API returned no models for its latest run (has the job run with"
                    + " artifacts, and may the token read metadata?)"));
            return out;
        }
        Map<String, Node> byId = new LinkedHashMap<>();
        for (List<Node> nodes : List.of(nullToEmpty(job.sources()), nullToEmpty(job.seeds()), job.models())) {
            for (Node node : nodes) {
                if (node.uniqueId() != null) {
                    byId.put(node.uniqueId(), node);
                }
            }
        }
        EntityReference pipeline = EntityReference.byFqn("pipeline", pipelineFqn);
        List<String> unresolved = new ArrayList<>();
        int edges = 0;
        for (Node model : job.models()) {
            if (!isTable(model)) {
                unresolved.add(model.uniqueId());
                continue;
            }
            for (String parentId : nullToEmpty(model.dependsOn())) {
                Node parent = byId.get(parentId);
                if (parent == null || !isTable(parent)) {
                    if (isRelationId(parentId)) {
                        unresolved.add(parentId);
                    }
                    continue; // macros, tests and other non-relations have no table
                }
                for (String service : dbServiceNames) {
                    String from = table(service, parent);
                    String to = table(service, model);
                    if (from.equals(to)) {
                        continue;
                    }
                    out.add(Result.ok(AddLineageRequest.between(EntityReference.byFqn("table", from),
                            EntityReference.byFqn("table", to),
                            new LineageDetails(null, null, pipeline, null, LineageSource.PIPELINE_LINEAGE))));
                    edges++;
                }
            }
        }
        if (!unresolved.isEmpty()) {
            out.add(Result.warning(pipelineFqn, "job " + jobLabel + ": " + unresolved.size()
                    + " node(s) missing from the Discovery data or without database, schema and name, e.g. "
                    + unresolved.get(0) + "; their edges are skipped"));
        }
        if (edges == 0) {
            out.add(Result.warning(pipelineFqn, "no lineage for job " + jobLabel + ": its " + job.models().size()
                    + " model(s) depend on no model, seed or source of the run"));
        }
        return out;
    }

    private static boolean isRelationId(String uniqueId) {
        return uniqueId.startsWith("model.") || uniqueId.startsWith("seed.") || uniqueId.startsWith("source.");
    }

    private static boolean isTable(Node node) {
        return node.database() != null && node.schema() != null && node.relationName() != null;
    }

    private static String table(String service, Node node) {
        return Fqn.build(service, node.database(), node.schema(), node.relationName());
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
