package io.metaingest.connectors.dbtcloud.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code data.job} of the Discovery API's {@code job(id, runId)} query: the nodes of the job's run.
 * Each list is null when the run produced no artifacts.
 *
 * @param models the models, with their {@code dependsOn}
 * @param seeds the seeds
 * @param sources the sources
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiscoveryJob(
        @JsonProperty("models") List<Node> models,
        @JsonProperty("seeds") List<Node> seeds,
        @JsonProperty("sources") List<Node> sources) {

    /**
     * A model, seed or source node.
     *
     * @param uniqueId e.g. {@code model.jaffle_shop.orders}, {@code seed.x.y}, {@code source.x.s.t}
     * @param name the node name
     * @param alias the relation name of a model when it differs from its name, or null
     * @param identifier the relation name of a source, or null
     * @param database the database (or project/catalog)
     * @param schema the schema
     * @param dependsOn the unique ids of the parents (models only)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Node(
            @JsonProperty("uniqueId") String uniqueId,
            @JsonProperty("name") String name,
            @JsonProperty("alias") String alias,
            @JsonProperty("identifier") String identifier,
            @JsonProperty("database") String database,
            @JsonProperty("schema") String schema,
            @JsonProperty("dependsOn") List<String> dependsOn) {

        /** The relation's name in the warehouse: identifier, alias, then name. */
        public String relationName() {
            if (identifier != null && !identifier.isBlank()) {
                return identifier;
            }
            return alias != null && !alias.isBlank() ? alias : name;
        }
    }
}
