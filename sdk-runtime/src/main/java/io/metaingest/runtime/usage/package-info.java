/**
 * OpenMetadata's usage pipeline after the source: the generic {@code query-parser} processor (names
 * as written; a connector that resolves names against its server brings its own, which wins for its
 * service type), the {@code table-usage} stage and the {@code metadata-usage} bulk sink. Parsing is
 * the toolkit's {@code QueryParser} and the aggregation its {@code TableUsage}, shared with connectors.
 */
package io.metaingest.runtime.usage;
