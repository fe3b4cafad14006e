/**
 * Immutable records mirroring OpenMetadata 1.6's create requests. Field names and enum values are
 * OpenMetadata's, so the REST sink can send a record as it is; {@code null} fields are omitted from
 * JSON. References between entities use fully qualified names built with {@link io.metaingest.api.Fqn}.
 */
package io.metaingest.api.entity;
