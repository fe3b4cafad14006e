package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a pipeline or dashboard connector looks up the tables its lineage points at.
 *
 * @param dbServiceNames database services to search (default java.util.List.of())
 * @param storageServiceNames storage services to search (default java.util.List.of())
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LineageInformation(
        java.util.List<String> dbServiceNames,
        java.util.List<String> storageServiceNames) {

    /** Where {@link #dbServiceNames} is set in a workflow file: the name of a warning about it. */
    public static final String DB_SERVICE_NAMES_PATH = io.metaingest.api.AppliedFilter.SOURCE_CONFIG_PATH
            + ".lineageInformation.dbServiceNames";

    /** Applies OpenMetadata's defaults to absent fields. */
    public LineageInformation {
        dbServiceNames = dbServiceNames == null ? java.util.List.of() : dbServiceNames;
        storageServiceNames = storageServiceNames == null ? java.util.List.of() : storageServiceNames;
    }
}
