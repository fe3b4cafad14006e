package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.toolkit.quality.TestDefinitionSql;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite's test cases are checked against the definitions the Postgres connector declares when the file is loaded
 * ({@code validate} loads it the same way): a misspelt definition or parameter, or a column test without a column, is
 * a configuration error naming its path, before anything connects (the host here is a closed port).
 */
class TestDefinitionLoadTest {

    @TempDir
    Path dir;

    private final Metaingest runtime = Workflows.runtime();

    private Path suite(String testCases) throws Exception {
        return Workflows.testSuite(dir.resolve("suite.yaml"), "dq", "entityFullyQualifiedName: sales_pg.shop.public.orders\n"
                + "serviceConnections:\n" + Workflows.suiteService("sales_pg",
                "{type: Postgres, hostPort: \"127.0.0.1:1\", username: u, authType: {password: p}, database: shop}"),
                testCases, dir.resolve("out.ndjson"));
    }

    @Test
    void aMisspeltDefinitionOrParameterAndAColumnTestWithoutAColumnAreRefusedWhenLoaded() throws Exception {
        Path file = suite("""
                - {name: rows, testDefinitionName: tableRowCountToBeBetwen, parameterValues: [{name: minValue, value: 1}]}
                - {name: amount, testDefinitionName: columnValuesToBeBetween, columnName: amount,
                   parameterValues: [{name: minValue, value: 1}, {name: maxVal, value: 9}]}
                - {name: ids, testDefinitionName: columnValuesToBeNotNull}
                - {name: unique_ids, testDefinitionName: columnValuesToBeUnique, parameterValues: [{name: columnName, value: id}]}
                - {name: no_bounds, testDefinitionName: columnValuesToBeNotNull, entityLink: "<#E::table::sales_pg.shop.public.orders::columns::id>",
                   parameterValues: [{name: minValue, value: 1}]}
                - {name: other_service, testDefinitionName: notAThingAnywhere, entityLink: "<#E::table::billing.db.s.t>"}
                """);

        assertThatThrownBy(() -> runtime.load(file)).isInstanceOfSatisfying(InvalidConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "processor.config.testCases[0].testDefinitionName: 'tableRowCountToBeBetwen' is not a test"
                                + " definition the Postgres connector runs; did you mean 'tableRowCountToBeBetween'?; it runs "
                                + String.join(", ", TestDefinitionSql.names()),
                        "processor.config.testCases[1].parameterValues[1].name: 'maxVal' is not a parameter of"
                                + " columnValuesToBeBetween; did you mean 'maxValue'? (it takes minValue, maxValue); read"
                                + " as absent it would not bound the test: correct or remove it",
                        "processor.config.testCases[2]: columnValuesToBeNotNull tests a column: name it with columnName,"
                                + " or with an entityLink <#E::table::service.database.schema.table::columns::column>",
                        // The column given where a table test's is: said once, with where it goes.
                        "processor.config.testCases[3].parameterValues[0].name: 'columnName' is not a parameter of"
                                + " columnValuesToBeUnique: a column test names its column with the test case's own"
                                + " columnName (beside testDefinitionName), not in parameterValues",
                        "processor.config.testCases[4].parameterValues[0].name: 'minValue' is not a parameter of"
                                + " columnValuesToBeNotNull (it takes none); read as absent it would not bound the test:"
                                + " correct or remove it"));
        // A test of a service the suite does not list is that test's own failure when it runs, as before.
    }

    /** OpenMetadata 1.6's tableRowInsertedCountToBeBetween is a table test with its five parameters, checked at load. */
    @Test
    void theRowInsertedCountsParametersAreCheckedWhenLoaded() throws Exception {
        Path file = suite("""
                - {name: inserted, testDefinitionName: tableRowInsertedCountToBeBetween, parameterValues: [
                    {name: columnName, value: created_at}, {name: rangeTyp, value: DAY}, {name: rangeInterval, value: 1},
                    {name: min, value: 1}]}
                """);

        assertThatThrownBy(() -> runtime.load(file)).isInstanceOfSatisfying(InvalidConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                        "processor.config.testCases[0].parameterValues[1].name: 'rangeTyp' is not a parameter of"
                                + " tableRowInsertedCountToBeBetween; did you mean 'rangeType'? (it takes min, max,"
                                + " columnName, rangeType, rangeInterval); read as absent it would not bound the test:"
                                + " correct or remove it"));
        Path valid = suite("""
                - {name: inserted, testDefinitionName: tableRowInsertedCountToBeBetween, parameterValues: [
                    {name: columnName, value: created_at}, {name: rangeType, value: DAY}, {name: rangeInterval, value: 1},
                    {name: min, value: 1}, {name: max, value: 10}]}
                """);
        assertThat(runtime.load(valid).context().serviceName()).isEqualTo("dq");
    }

    @Test
    void everyDefinitionTheConnectorDeclaresIsOneItsExecutorRuns() throws Exception {
        assertThat(new PostgresSpec().testDefinitions()).extracting(d -> d.name())
                .containsExactlyElementsOf(TestDefinitionSql.names());
        Path file = suite("""
                - {name: rows, testDefinitionName: tableRowCountToBeBetween, parameterValues: [{name: minValue, value: 1}, {name: maxValue, value: 5}]}
                - {name: amount, testDefinitionName: columnValuesToBeBetween, columnName: amount, parameterValues: [{name: maxValue, value: 9}]}
                - {name: custom, testDefinitionName: tableCustomSQLQuery, parameterValues: [{name: sqlExpression, value: "select 1"}]}
                """);
        assertThat(runtime.load(file).context().serviceName()).isEqualTo("dq");
    }
}
