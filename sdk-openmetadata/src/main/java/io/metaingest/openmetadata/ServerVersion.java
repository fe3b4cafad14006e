package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;

/** The server's {@code GET /v1/system/version} answer, and whether metaingest speaks its API. */
public record ServerVersion(String version, String revision) {

    /** The API line metaingest writes: OpenMetadata 1.6. */
    public static final String SUPPORTED = "1.6";

    /** Reads {@code {version, revision, timestamp}}. */
    public static ServerVersion of(JsonNode json) {
        return new ServerVersion(json.path("version").asText(""), json.path("revision").asText(""));
    }

    /** Whether the version is 1.6.x (any patch, any suffix). */
    public boolean supported() {
        return version.equals(SUPPORTED) || version.startsWith(SUPPORTED + ".") || version.startsWith(SUPPORTED + "-");
    }
}
