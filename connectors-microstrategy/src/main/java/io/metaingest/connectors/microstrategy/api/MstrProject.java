package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An item of {@code GET /api/projects} (a bare array) or the answer of {@code GET /api/projects/{name}}.
 *
 * @param id the project id
 * @param name the project name
 * @param alias the alias, often empty
 * @param description the description
 * @param status 0 when loaded
 * @param dateCreated creation time, {@code yyyy-MM-dd'T'HH:mm:ss.SSSZ}
 * @param dateModified modification time
 * @param owner the owner
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrProject(String id, String name, String alias, String description, Integer status,
                          String dateCreated, String dateModified, MstrOwner owner) {
}
