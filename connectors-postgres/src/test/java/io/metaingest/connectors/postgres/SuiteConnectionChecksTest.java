package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Postgres service listed in a test suite's {@code serviceConnections} is checked at load as a metadata workflow's
 * {@code source.serviceConnection} is (sslConfig files, refused connection-map keys, keys the driver ignores), each
 * problem and warning named in that service's entry. Loading only: no server is reached.
 */
class SuiteConnectionChecksTest {

    private static final String SECOND = "source.sourceConfig.config.serviceConnections[1].serviceConnection.config";

    @TempDir
    Path dir;

    private Path suite(String secondExtra) throws Exception {
        return Workflows.testSuite(dir.resolve("suite.yaml"), "checked_suite", "serviceConnections:\n"
                        + Workflows.suiteService("sales_pg", "{type: Postgres, hostPort: \"db:5432\", username: u, database: sales}")
                        + Workflows.suiteService("crm_pg", "{type: Postgres, hostPort: \"db:5432\", username: u, database: crm, "
                                + secondExtra + "}"),
                "- {name: rows, testDefinitionName: tableRowCountToBeBetween, entityLink: \"<#E::table::crm_pg.crm.public.t>\"}",
                dir.resolve("out.ndjson"));
    }

    private static Metaingest runtime() {
        return Workflows.runtime();
    }

    @Test
    void aMissingSslFileAndARefusedKeyOfAListedServiceRefuseTheSuiteNamingItsEntry() throws Exception {
        InvalidConfigException e = catchThrowableOfType(() -> runtime().load(suite("sslMode: verify-ca,"
                + " sslConfig: {caCertificate: /nowhere/ca.pem}, connectionOptions: {default_transaction_read_only: 'off'}")),
                InvalidConfigException.class);

        assertThat(e).as("the suite loaded without the connector's checks").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                SECOND + ".sslConfig.caCertificate", SECOND + ".connectionOptions.default_transaction_read_only");
        assertThat(e.problems()).extracting(ConfigProblem::toString).noneMatch(p -> p.contains("source.serviceConnection"));
    }

    @Test
    void aKeyTheDriverIgnoresIsAWarningNamingTheServicesEntryOnce() throws Exception {
        assertThat(runtime().load(suite("connectionArguments: {applicationNme: etl}")).warnings())
                .filteredOn(w -> w.contains("applicationNme")).singleElement().asString()
                .startsWith(SECOND + ".connectionArguments.applicationNme: not a connection property the JDBC driver");
    }
}
