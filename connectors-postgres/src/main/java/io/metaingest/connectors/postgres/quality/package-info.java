/**
 * Data-quality tests on PostgreSQL: the connector's {@link io.metaingest.api.quality.TestExecutor},
 * running the toolkit's generic test definition SQL in PostgreSQL's dialect on read-only connections
 * with a statement timeout. A suite's {@code profileSample} is read with the profiler's
 * {@link io.metaingest.connectors.postgres.Sampling} (shared, not copied): the value tests read the
 * sampled rows, the tests that count the whole table's rows read it whole, and each result says which
 * ({@link io.metaingest.toolkit.quality.TestDefinitionSql.Sample}).
 */
package io.metaingest.connectors.postgres.quality;
