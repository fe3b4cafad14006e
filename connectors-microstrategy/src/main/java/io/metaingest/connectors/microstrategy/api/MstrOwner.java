package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code owner} of a project or object.
 *
 * @param name the user's name
 * @param id the user's id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrOwner(String name, String id) {
}
