package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What each of OpenMetadata 1.6's {@code *FilterPattern} fields of a metadata source config governs,
 * in OpenMetadata's entity type names: the kit's table for its per-pattern filter checks.
 *
 * <table>
 * <caption>The entities a pattern excluding every name must drop, and those it must leave as they are</caption>
 * <tr><th>field (source config)</th><th>drops every</th><th>leaves as they are</th></tr>
 * <tr><td>databaseFilterPattern (DatabaseMetadata)</td><td>database, databaseSchema, table, storedProcedure</td><td>—</td></tr>
 * <tr><td>schemaFilterPattern (DatabaseMetadata)</td><td>databaseSchema, table, storedProcedure</td><td>database</td></tr>
 * <tr><td>tableFilterPattern (DatabaseMetadata)</td><td>table</td><td>database, databaseSchema, storedProcedure</td></tr>
 * <tr><td>storedProcedureFilterPattern (DatabaseMetadata)</td><td>storedProcedure</td><td>database, databaseSchema, table</td></tr>
 * <tr><td>pipelineFilterPattern (PipelineMetadata)</td><td>pipeline</td><td>—</td></tr>
 * <tr><td>dashboardFilterPattern (DashboardMetadata)</td><td>dashboard</td><td>— (the charts and data models a
 *     connector reads per dashboard may go with it, as OpenMetadata's dashboard topology reads them)</td></tr>
 * <tr><td>chartFilterPattern (DashboardMetadata)</td><td>chart</td><td>dashboard, dashboardDataModel</td></tr>
 * <tr><td>dataModelFilterPattern (DashboardMetadata)</td><td>dashboardDataModel</td><td>dashboard, chart</td></tr>
 * <tr><td>projectFilterPattern (DashboardMetadata)</td><td>dashboard whose {@code project} is set (a dashboard of
 *     an excluded project)</td><td>dashboard without a {@code project} (OpenMetadata filters by project only a
 *     dashboard that has one); the charts and data models of an excluded project may go with it</td></tr>
 * <tr><td>topicFilterPattern (MessagingMetadata)</td><td>topic</td><td>—</td></tr>
 * <tr><td>mlModelFilterPattern (MlModelMetadata)</td><td>mlmodel</td><td>—</td></tr>
 * <tr><td>containerFilterPattern (StorageMetadata)</td><td>container</td><td>—</td></tr>
 * <tr><td>searchIndexFilterPattern (SearchMetadata)</td><td>searchIndex</td><td>—</td></tr>
 * <tr><td>apiCollectionFilterPattern (ApiMetadata)</td><td>apiCollection, apiEndpoint</td><td>—</td></tr>
 * </table>
 *
 * <p>Kinds in neither column (lineage, pipeline statuses, tags, …) are not judged: they may go with
 * what they belong to. A field missing from this table is one the kit cannot judge until the author
 * names what it drops in {@code ConnectorKit.narrowerFilters()}.
 */
final class FilterScopes {

    /**
     * One field's scope.
     *
     * @param field the source-config field
     * @param words what it governs, in the plural, for messages ("stored procedures")
     * @param drops the entity types whose records it governs
     * @param projectOnly whether it governs only those records whose entity names a {@code project}
     * @param kept the entity types whose records it must leave as they are
     */
    record Scope(String field, String words, Set<String> drops, boolean projectOnly, Set<String> kept) {

        /** Whether a metadata-run record ({@code {"entityType", "entity"}}) is one this field governs. */
        boolean governs(JsonNode record) {
            return drops.contains(record.path("entityType").asText())
                    && (!projectOnly || !record.path("entity").path("project").asText("").isEmpty());
        }

        /** Whether a record is one this field must leave as it is. */
        boolean keeps(JsonNode record) {
            String type = record.path("entityType").asText();
            if (projectOnly && drops.contains(type)) {
                return !governs(record);
            }
            return kept.contains(type);
        }

        /** The governed types for messages, e.g. {@code "table"} or {@code "dashboard in a project"}. */
        String dropsDescribed() {
            return String.join(" or ", new TreeSet<>(drops)) + (projectOnly ? " in a project" : "");
        }

        /** The kept types for messages and check names. */
        String keptDescribed() {
            TreeSet<String> all = new TreeSet<>(kept);
            if (projectOnly) {
                drops.forEach(d -> all.add(d + " without a project"));
            }
            return String.join(", ", all);
        }

        /** Whether the scope names anything to leave as it is. */
        boolean keepsAnything() {
            return projectOnly || !kept.isEmpty();
        }

        /** The same scope with the author's own dropped types (what it keeps loses those). */
        Scope droppingInstead(Set<String> authorDrops) {
            Set<String> stillKept = kept.stream().filter(k -> !authorDrops.contains(k)).collect(Collectors.toSet());
            return new Scope(field, words, Set.copyOf(authorDrops), projectOnly, stillKept);
        }
    }

    private static final List<Scope> TABLE = List.of(
            new Scope("databaseFilterPattern", "databases", Set.of("database", "databaseSchema", "table", "storedProcedure"),
                    false, Set.of()),
            new Scope("schemaFilterPattern", "schemas", Set.of("databaseSchema", "table", "storedProcedure"), false,
                    Set.of("database")),
            new Scope("tableFilterPattern", "tables", Set.of("table"), false,
                    Set.of("database", "databaseSchema", "storedProcedure")),
            new Scope("storedProcedureFilterPattern", "stored procedures", Set.of("storedProcedure"), false,
                    Set.of("database", "databaseSchema", "table")),
            new Scope("pipelineFilterPattern", "pipelines", Set.of("pipeline"), false, Set.of()),
            new Scope("dashboardFilterPattern", "dashboards", Set.of("dashboard"), false, Set.of()),
            new Scope("chartFilterPattern", "charts", Set.of("chart"), false, Set.of("dashboard", "dashboardDataModel")),
            new Scope("dataModelFilterPattern", "data models", Set.of("dashboardDataModel"), false,
                    Set.of("dashboard", "chart")),
            new Scope("projectFilterPattern", "dashboards in a project", Set.of("dashboard"), true, Set.of()),
            new Scope("topicFilterPattern", "topics", Set.of("topic"), false, Set.of()),
            new Scope("mlModelFilterPattern", "ML models", Set.of("mlmodel"), false, Set.of()),
            new Scope("containerFilterPattern", "containers", Set.of("container"), false, Set.of()),
            new Scope("searchIndexFilterPattern", "search indexes", Set.of("searchIndex"), false, Set.of()),
            new Scope("apiCollectionFilterPattern", "API collections", Set.of("apiCollection", "apiEndpoint"), false,
                    Set.of()));

    private static final Map<String, Scope> BY_FIELD = TABLE.stream().collect(Collectors.toMap(Scope::field, Function.identity()));

    private FilterScopes() {
    }

    /** The table's scope of a field. */
    static Optional<Scope> of(String field) {
        return Optional.ofNullable(BY_FIELD.get(field));
    }

    /**
     * The scope the kit checks a field with: the table's, with the author's dropped types when
     * {@code narrowerFilters()} names the field; an author's field the table lacks drops what the
     * author says and keeps nothing.
     */
    static Optional<Scope> resolve(String field, Set<String> authorDrops) {
        Optional<Scope> known = of(field);
        if (authorDrops == null) {
            return known;
        }
        if (known.isPresent()) {
            return known.get().drops().equals(authorDrops) ? known : Optional.of(known.get().droppingInstead(authorDrops));
        }
        return Optional.of(new Scope(field, String.join(" or ", new TreeSet<>(authorDrops)) + " records",
                Set.copyOf(authorDrops), false, Set.of()));
    }
}
