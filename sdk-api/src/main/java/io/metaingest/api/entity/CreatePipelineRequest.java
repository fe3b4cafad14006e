package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreatePipelineRequest}.
 *
 * @param name the pipeline name
 * @param displayName a display name
 * @param description the description
 * @param sourceUrl a link to the pipeline in its tool
 * @param scheduleInterval a cron expression, or null when not scheduled
 * @param tasks the tasks
 * @param service the pipeline service's name
 * @param owners owners
 * @param tags tags
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatePipelineRequest(String name, String displayName, String description, String sourceUrl,
                                    String scheduleInterval, List<Task> tasks, String service,
                                    List<EntityReference> owners, List<TagLabel> tags) implements EntityRequest {

    @Override
    public String entityType() {
        return "pipeline";
    }

    @Override
    public String key() {
        return Fqn.build(service, name);
    }

    /**
     * A pipeline task.
     *
     * @param name the task name
     * @param displayName a display name
     * @param description the description
     * @param sourceUrl a link to the task
     * @param downstreamTasks names of tasks that run after this one
     * @param taskType the kind of task
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Task(String name, String displayName, String description, String sourceUrl,
                       List<String> downstreamTasks, String taskType) {
    }
}
