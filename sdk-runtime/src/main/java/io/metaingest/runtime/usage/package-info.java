/**
 * OpenMetadata's usage pipeline after the {@code query-parser}: the {@code table-usage} stage and the
 * {@code metadata-usage} bulk sink. The query parser itself is the connector's (it resolves names
 * against the server); the aggregation is the toolkit's {@code TableUsage}, shared with connectors.
 */
package io.metaingest.runtime.usage;
