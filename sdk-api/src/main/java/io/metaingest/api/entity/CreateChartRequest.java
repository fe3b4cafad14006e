package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateChartRequest}.
 *
 * @param name the chart name
 * @param displayName the title
 * @param description the description
 * @param chartType the kind of chart
 * @param sourceUrl a link to the chart
 * @param service the dashboard service's name
 * @param owners owners
 * @param tags tags
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateChartRequest(String name, String displayName, String description, ChartType chartType,
                                 String sourceUrl, String service, List<EntityReference> owners,
                                 List<TagLabel> tags) implements EntityRequest {

    @Override
    public String entityType() {
        return "chart";
    }

    @Override
    public String key() {
        return Fqn.build(service, name);
    }
}
