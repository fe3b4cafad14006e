/**
 * Data-quality tests on PostgreSQL: the connector's {@link io.metaingest.api.quality.TestExecutor},
 * running the toolkit's generic test definition SQL in PostgreSQL's dialect on read-only connections
 * with a statement timeout.
 */
package io.metaingest.connectors.postgres.quality;
