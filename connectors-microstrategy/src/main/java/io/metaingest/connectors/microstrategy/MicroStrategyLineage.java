package io.metaingest.connectors.microstrategy;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddLineageRequest.LineageDetails;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.AvailableObject;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition.Dataset;
import io.metaingest.connectors.microstrategy.api.MstrProject;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dossier's datasets as dashboard data models, and lineage beyond OpenMetadata 1.6 (whose
 * MicroStrategy lineage is not implemented): warehouse table → data model (from the cube's SQL) and
 * data model → dashboard.
 *
 * <p>A dataset is an intelligent cube (its id is the cube id). Its SQL comes from
 * {@link MicroStrategyClient#cubeSql}; the tables the SQL reads become lineage ends in every service
 * of {@code lineageInformation.dbServiceNames}, named {@code service.database.schema.table}. A table
 * the SQL does not qualify with database and schema cannot be named that way and is reported in a
 * warning naming the dataset, as are datasets without SQL and SQL that cannot be parsed. Names keep
 * the SQL's case: the services' database types, and so their folding rules, are not known here, and
 * the REST sink finds a table ignoring case as OpenMetadata's dashboard lineage does.
 *
 * <p>Datasets are shared between dossiers, and a dossier may show a shared dataset under its own
 * name, in another project too (a duplicated project keeps its object ids). Each use (project and
 * dataset as the dossier defines it) is read once per run, whichever dossier's worker asks first;
 * which use becomes the data model is the source's choice, in listing order.
 */
public class MicroStrategyLineage {

    /** OpenMetadata's data model type for MicroStrategy datasets. */
    static final String DATA_MODEL_TYPE = "MicroStrategyDataset";

    private final MicroStrategyClient client;
    private final WorkflowContext context;
    private final Map<Use, List<Result<EntityRequest>>> datasets = new ConcurrentHashMap<>();

    /** Everything a data model is made of: keying by the dataset id alone let the fastest worker's use win. */
    private record Use(MstrProject project, Dataset dataset) {
    }

    /** Creates the lineage builder. */
    @Inject
    public MicroStrategyLineage(MicroStrategyClient client, WorkflowContext context) {
        this.client = client;
        this.context = context;
    }

    /** The FQN of a dataset's data model. */
    String dataModelFqn(Dataset dataset) {
        return CreateDashboardDataModelRequest.fqn(context.serviceName(), dataset.id());
    }

    /** The edge data model → dashboard. */
    AddLineageRequest toDashboard(Dataset dataset, String dashboardFqn) {
        return AddLineageRequest.between(EntityReference.byFqn("dashboardDataModel", dataModelFqn(dataset)),
                EntityReference.byFqn("dashboard", dashboardFqn),
                new LineageDetails(null, null, null, null, LineageSource.DASHBOARD_LINEAGE));
    }

    /**
     * The data model of a dataset and the table lineage into it, computed once per use (project and
     * dataset) and run; never throws.
     *
     * @param dbServiceNames services in which tables are named; empty for no table lineage
     */
    List<Result<EntityRequest>> dataset(MstrProject project, Dataset dataset, List<String> dbServiceNames) {
        return datasets.computeIfAbsent(new Use(project, dataset), use -> read(project, dataset, dbServiceNames));
    }

    private List<Result<EntityRequest>> read(MstrProject project, Dataset dataset, List<String> dbServiceNames) {
        List<Result<EntityRequest>> out = new ArrayList<>();
        String label = "dataset " + dataset.name() + " (" + dataset.id() + ")";
        String modelFqn = dataModelFqn(dataset);
        Optional<String> sql;
        try {
            sql = client.cubeSql(project.id(), dataset.id());
        } catch (VendorApiException e) {
            out.add(Result.warning(modelFqn, label + ": its SQL is unavailable, no table lineage: " + e.getMessage()));
            sql = Optional.empty();
        }
        out.add(Result.ok(new CreateDashboardDataModelRequest(dataset.id(), dataset.name(), null, null, null,
                context.serviceName(), "MicroStrategy", DATA_MODEL_TYPE, sql.orElse(null), columns(dataset),
                project.name())));
        if (dbServiceNames.isEmpty()) {
            return List.copyOf(out);
        }
        if (sql.isEmpty()) {
            if (out.size() == 1) {
                out.add(Result.warning(modelFqn, label + ": the cube has no SQL view (not a warehouse cube?),"
                        + " so its source tables are unknown"));
            }
            return List.copyOf(out);
        }
        List<List<String>> tables;
        try {
            tables = CubeSql.sourceTables(sql.get());
        } catch (CubeSql.UnparsableSqlException e) {
            out.add(Result.warning(modelFqn, label + ": its SQL cannot be parsed, no table lineage ("
                    + firstLine(e.getMessage()) + ")"));
            return List.copyOf(out);
        }
        // Tables that cannot be resolved, by what their name lacks (or has too much of).
        Map<String, List<String>> unresolved = new TreeMap<>();
        EntityReference model = EntityReference.byFqn("dashboardDataModel", modelFqn);
        for (List<String> table : tables) {
            if (table.size() != 3) {
                unresolved.computeIfAbsent(table.size() == 1 ? "no database and schema"
                        : table.size() == 2 ? "no database" : "more parts than database.schema.table",
                        k -> new ArrayList<>()).add(String.join(".", table));
                continue;
            }
            for (String service : dbServiceNames) {
                String tableFqn = Fqn.build(service, table.get(0), table.get(1), table.get(2));
                out.add(Result.ok(AddLineageRequest.between(EntityReference.byFqn("table", tableFqn), model,
                        new LineageDetails(sql.get(), null, null, null, LineageSource.DASHBOARD_LINEAGE))));
            }
        }
        unresolved.forEach((missing, names) -> out.add(Result.warning(modelFqn, label + ": cannot resolve "
                + String.join(", ", names) + " in " + String.join(", ", dbServiceNames) + ": the cube's SQL names "
                + missing + " for them, so no lineage to them")));
        return List.copyOf(out);
    }

    /** Attributes as text columns (their first form's type when known), metrics as numbers. */
    static List<Column> columns(Dataset dataset) {
        List<Column> columns = new ArrayList<>();
        int position = 1;
        for (AvailableObject object : dataset.availableObjects()) {
            if (object.name() == null) {
                continue;
            }
            DataType type;
            if ("metric".equalsIgnoreCase(object.type())) {
                type = DataType.NUMERIC;
            } else {
                String formType = object.forms() == null || object.forms().isEmpty() ? null : object.forms().get(0).dataType();
                type = formType == null ? DataType.STRING : dataType(formType);
            }
            // MicroStrategy gives no length; OpenMetadata's server refuses CHAR and VARCHAR without one, and its
            // own ingestion sends 1 for an unknown length.
            Integer length = type == DataType.CHAR || type == DataType.VARCHAR ? 1 : null;
            columns.add(new Column(object.name(), null, type, null, length, null, null,
                    object.type() == null ? null : object.type().toLowerCase(Locale.ROOT), null, null, position++,
                    null, null));
        }
        return List.copyOf(columns);
    }

    private static DataType dataType(String mstrType) {
        return switch (mstrType.toLowerCase(Locale.ROOT)) {
            case "integer", "int", "short", "long" -> DataType.INT;
            case "biginteger", "bigint" -> DataType.BIGINT;
            case "double", "float", "real" -> DataType.DOUBLE;
            case "numeric", "decimal", "bigdecimal" -> DataType.DECIMAL;
            case "date" -> DataType.DATE;
            case "time" -> DataType.TIME;
            case "timestamp", "datetime" -> DataType.TIMESTAMP;
            case "bool", "boolean" -> DataType.BOOLEAN;
            case "char", "nchar" -> DataType.CHAR;
            case "varchar", "nvarchar", "utf8char", "longvarchar" -> DataType.VARCHAR;
            default -> DataType.STRING;
        };
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        String line = text.strip().split("\\R", 2)[0];
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
