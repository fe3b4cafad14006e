package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateDashboardRequest}.
 *
 * @param name the dashboard name (usually the tool's id)
 * @param displayName the title
 * @param description the description
 * @param sourceUrl a link to the dashboard
 * @param project the project or workspace it belongs to
 * @param charts FQNs of its charts
 * @param dashboardType {@code Dashboard} or {@code Report}
 * @param service the dashboard service's name
 * @param owners owners
 * @param tags tags
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDashboardRequest(String name, String displayName, String description, String sourceUrl,
                                     String project, List<String> charts, String dashboardType, String service,
                                     List<EntityReference> owners, List<TagLabel> tags) implements EntityRequest {

    @Override
    public String entityType() {
        return "dashboard";
    }

    @Override
    public String key() {
        return Fqn.build(service, name);
    }
}
