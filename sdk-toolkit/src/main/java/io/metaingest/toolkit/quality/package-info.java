/**
 * OpenMetadata's data-quality test definitions as generic SQL, for any JDBC connector's
 * {@link io.metaingest.api.quality.TestExecutor}: {@link io.metaingest.toolkit.quality.TestDefinitionSql}
 * says what each definition asks the database (one statement, identifiers quoted by the
 * {@link io.metaingest.toolkit.quality.SqlDialect}, every user value bound as a parameter) and how it
 * judges the answer; {@link io.metaingest.toolkit.quality.JdbcTestRunner} runs it on a connection.
 */
package io.metaingest.toolkit.quality;
