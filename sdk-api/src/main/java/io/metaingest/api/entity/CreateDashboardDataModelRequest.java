package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateDashboardDataModelRequest}: the data set a dashboard reads (a Tableau
 * data source, a LookML view, a MicroStrategy dataset). Its FQN is {@code service.model.name}.
 *
 * @param name the data model name (usually the tool's id)
 * @param displayName the title
 * @param description the description
 * @param tags tags
 * @param owners owners
 * @param service the dashboard service's name
 * @param serviceType the dashboard service type, e.g. {@code MicroStrategy}
 * @param dataModelType e.g. {@code MicroStrategyDataset}, {@code TableauDataModel}
 * @param sql the SQL the data model runs, when it is based on a query
 * @param columns its columns (required by OpenMetadata; may be empty)
 * @param project the project or workspace it belongs to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDashboardDataModelRequest(String name, String displayName, String description,
                                              List<TagLabel> tags, List<EntityReference> owners, String service,
                                              String serviceType, String dataModelType, String sql,
                                              List<Column> columns, String project) implements EntityRequest {

    /** The FQN part between the service and the name. */
    public static final String FQN_INFIX = "model";

    /** Requires the fields OpenMetadata requires; columns default to empty. */
    public CreateDashboardDataModelRequest {
        columns = columns == null ? List.of() : columns;
    }

    @Override
    public String entityType() {
        return "dashboardDataModel";
    }

    @Override
    public String key() {
        return fqn(service, name);
    }

    /** The FQN of the data model {@code name} of {@code service}. */
    public static String fqn(String service, String name) {
        return Fqn.build(service, FQN_INFIX, name);
    }
}
