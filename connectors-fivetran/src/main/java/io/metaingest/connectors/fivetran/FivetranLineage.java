package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.SchemaConfig;
import io.metaingest.connectors.fivetran.api.SchemaConfig.ColumnEntry;
import io.metaingest.connectors.fivetran.api.SchemaConfig.SchemaEntry;
import io.metaingest.connectors.fivetran.api.SchemaConfig.TableEntry;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddLineageRequest.ColumnLineage;
import io.metaingest.api.entity.AddLineageRequest.LineageDetails;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a connector's schema config into table lineage: for every enabled table of every enabled
 * schema, an edge from the source table ({@code service.sourceDatabase.schema.table}) to the
 * destination table ({@code service.destinationDatabase.schemaNameInDestination.tableNameInDestination}),
 * for each database service in {@code lineageInformation.dbServiceNames}, with column lineage for
 * the enabled columns and the pipeline in the edge's details.
 *
 * <p>Columns come from the columns endpoint of each table, as OpenMetadata reads them: the schema
 * config's {@code columns} is often absent or lists only some columns (a primary key, say), with
 * other destination names. When that call fails for a table, its edge is still emitted, with the
 * columns the schema config lists (if any), and a warning names the table and the cause. Kafka sources
 * ({@code kafka}, {@code confluent_cloud}) have topics, not tables with columns: OpenMetadata does not ask
 * the columns endpoint for them, and neither does this; their column lineage is what the schema config lists.
 * Nor is it asked for a table whose schema config says {@code supports_columns_config: false}: the endpoint
 * serves column config, which such a table (any event-stream connector's topic) has not.
 *
 * <p>Both ends are named by FQN in the same service, as OpenMetadata looks them up; the REST sink
 * resolves them. Edges whose two ends are the same table are skipped.
 */
public class FivetranLineage {

    /** The config fields that name a database (a connector's or a destination's), in the order OpenMetadata reads them. */
    static final List<String> DATABASE_FIELDS = List.of("database", "catalog", "project_id", "project");
    /** {@link #DATABASE_FIELDS} as the warnings list them, {@code database, catalog, project_id or project}. */
    static final String DATABASE_FIELDS_LISTED = String.join(", ", DATABASE_FIELDS.subList(0, DATABASE_FIELDS.size() - 1))
            + " or " + DATABASE_FIELDS.get(DATABASE_FIELDS.size() - 1);

    /** Connector types whose tables are topics: the columns endpoint is not asked for them. */
    private static final Set<String> KAFKA_SERVICES = Set.of("kafka", "confluent_cloud");

    private final FivetranClient client;

    /** Creates the lineage builder. */
    @Inject
    public FivetranLineage(FivetranClient client) {
        this.client = client;
    }

    /**
     * The lineage of one connector, with warnings for what could not be mapped.
     *
     * @param listed the connector as listed (its details are fetched here for {@code config})
     * @param destinationDatabase the destination's database; a destination without one gives no lineage, which the
     *                            caller tells once for its group
     * @param pipelineFqn the pipeline that moves the data
     * @param dbServiceNames the services in which both ends are looked up
     * @throws VendorApiException when the details or the schema config cannot be read
     */
    public List<Result<EntityRequest>> lineage(FivetranConnector listed, String destinationDatabase,
                                               String pipelineFqn, List<String> dbServiceNames) {
        Objects.requireNonNull(destinationDatabase, "destinationDatabase");
        return lineage(listed, client.connector(listed.id()), destinationDatabase, pipelineFqn, dbServiceNames);
    }

    /**
     * {@link #lineage(FivetranConnector, String, String, List)} with the connector's details already read.
     * None for a connector whose details name no source database ({@link #sourceDatabaseOf}: a SaaS service has
     * no tables of its own), without a warning: the caller tells the user once for all of them.
     *
     * @param details the connector's details
     * @throws VendorApiException when the schema config cannot be read
     */
    public List<Result<EntityRequest>> lineage(FivetranConnector listed, FivetranConnector details,
                                               String destinationDatabase, String pipelineFqn,
                                               List<String> dbServiceNames) {
        Objects.requireNonNull(destinationDatabase, "destinationDatabase");
        List<Result<EntityRequest>> out = new ArrayList<>();
        String sourceDatabase = sourceDatabaseOf(details);
        if (sourceDatabase == null) {
            return out;
        }
        SchemaConfig config = client.schemas(listed.id());
        if (config.schemas() == null) {
            return out;
        }
        EntityReference pipeline = EntityReference.byFqn("pipeline", pipelineFqn);
        for (Map.Entry<String, SchemaEntry> schema : config.schemas().entrySet()) {
            SchemaEntry s = schema.getValue();
            if (!Boolean.TRUE.equals(s.enabled()) || s.tables() == null) {
                continue;
            }
            String destSchema = orElse(s.nameInDestination(), schema.getKey());
            for (Map.Entry<String, TableEntry> table : s.tables().entrySet()) {
                TableEntry t = table.getValue();
                if (!Boolean.TRUE.equals(t.enabled())) {
                    continue;
                }
                String destTable = orElse(t.nameInDestination(), table.getKey());
                Map<String, ColumnEntry> columns = null; // read once per table, and only for an edge kept
                for (String service : dbServiceNames) {
                    String from = Fqn.build(service, sourceDatabase, schema.getKey(), table.getKey());
                    String to = Fqn.build(service, destinationDatabase, destSchema, destTable);
                    if (from.equals(to)) {
                        continue; // a table cannot feed itself; OpenMetadata rejects such edges
                    }
                    if (columns == null) {
                        columns = columnsOf(listed, schema.getKey(), table.getKey(), t, pipelineFqn, out);
                    }
                    List<ColumnLineage> columnLineage = new ArrayList<>();
                    for (Map.Entry<String, ColumnEntry> column : columns.entrySet()) {
                        ColumnEntry c = column.getValue();
                        if (Boolean.TRUE.equals(c.enabled())) {
                            columnLineage.add(new ColumnLineage(List.of(Fqn.append(from, column.getKey())),
                                    Fqn.append(to, orElse(c.nameInDestination(), column.getKey()))));
                        }
                    }
                    LineageDetails details1 = new LineageDetails(null,
                            columnLineage.isEmpty() ? null : List.copyOf(columnLineage), pipeline, null,
                            LineageSource.PIPELINE_LINEAGE);
                    out.add(Result.ok(AddLineageRequest.between(EntityReference.byFqn("table", from),
                            EntityReference.byFqn("table", to), details1)));
                }
            }
        }
        return out;
    }

    /**
     * The table's columns from the columns endpoint, which lists them all; when that call fails, the
     * ones the schema config lists (often none or only some), with a warning naming the table and why.
     */
    private Map<String, ColumnEntry> columnsOf(FivetranConnector listed, String schema, String table, TableEntry t,
                                               String pipelineFqn, List<Result<EntityRequest>> out) {
        // The columns endpoint serves a table's column config: a table whose schema config says it has none
        // (an event-stream connector's topic, whatever the connector's service is called) has nothing there.
        if (Boolean.FALSE.equals(t.supportsColumnsConfig())
                || listed.service() != null && KAFKA_SERVICES.contains(listed.service())) {
            return t.columns() == null ? Map.of() : t.columns();
        }
        try {
            return client.columns(listed.id(), schema, table);
        } catch (VendorApiException e) {
            Map<String, ColumnEntry> listedInConfig = t.columns() == null ? Map.of() : t.columns();
            long enabled = listedInConfig.values().stream().filter(c -> Boolean.TRUE.equals(c.enabled())).count();
            out.add(Result.warning(pipelineFqn, "columns of table " + Fqn.build(schema, table) + " of connector "
                    + listed.id() + " unavailable (" + e.getMessage() + "); "
                    + (enabled == 0 ? "its lineage has no column lineage"
                    : "its column lineage has only the columns its schema config lists (" + enabled + " enabled)")));
            return listedInConfig;
        }
    }

    /** The database a connector reads from, named in its details' config; null for a service without tables. */
    static String sourceDatabaseOf(FivetranConnector details) {
        return databaseOf(details.config());
    }

    /** The database named in a connector or destination config, as OpenMetadata reads it. */
    static String databaseOf(JsonNode config) {
        if (config == null) {
            return null;
        }
        for (String field : DATABASE_FIELDS) {
            JsonNode value = config.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
