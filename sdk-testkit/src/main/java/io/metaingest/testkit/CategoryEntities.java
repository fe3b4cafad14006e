package io.metaingest.testkit;

import io.metaingest.api.ServiceCategory;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entity types (OpenMetadata's names, as the file sink writes {@code entityType}) a service of
 * each category emits in OpenMetadata 1.6, over every workflow kind, as far as sdk-api models them:
 *
 * <table>
 * <caption>What a service of a category emits</caption>
 * <tr><th>category</th><th>entity types</th></tr>
 * <tr><td>DATABASE</td><td>database, databaseSchema, table, storedProcedure; lineage; usage, tableJoins,
 *     tableLifeCycle, tableQuery, query (usage); tableProfile, sampleData (profiler); columnTags (auto-classification)</td></tr>
 * <tr><td>PIPELINE</td><td>pipeline, pipelineStatus; lineage</td></tr>
 * <tr><td>DASHBOARD</td><td>dashboard, chart, dashboardDataModel; lineage</td></tr>
 * <tr><td>MESSAGING, ML_MODEL, STORAGE, SEARCH, API</td><td>lineage (their topics, models, containers, indexes
 *     and API endpoints are not modelled by sdk-api yet)</td></tr>
 * </table>
 *
 * <p>A database connector emitting a pipeline passes every other check, and the server would file it
 * under a service of the wrong kind (or refuse it).
 */
final class CategoryEntities {

    private static final Set<String> DATABASE = Set.of("database", "databaseSchema", "table", "storedProcedure",
            "lineage", "usage", "tableJoins", "tableLifeCycle", "tableQuery", "query", "tableProfile", "sampleData", "columnTags");
    private static final Map<ServiceCategory, Set<String>> EMITS = Map.of(
            ServiceCategory.DATABASE, DATABASE,
            ServiceCategory.PIPELINE, Set.of("pipeline", "pipelineStatus", "lineage"),
            ServiceCategory.DASHBOARD, Set.of("dashboard", "chart", "dashboardDataModel", "lineage"));

    private CategoryEntities() {
    }

    /** The entity types a service of {@code category} emits, sorted. */
    static Set<String> of(ServiceCategory category) {
        return new TreeSet<>(EMITS.getOrDefault(category, Set.of("lineage")));
    }
}
