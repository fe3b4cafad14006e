package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A connector named like a bundled one passes alone but, installed beside the bundled plugins, disables both. */
class BundledConnectorTest {

    @Test
    void aServiceTypeThatDiffersFromABundledOneOnlyInCaseClashes() {
        assertThat(BundledConnector.clash("com.acme.AcmeSpec", "PostGres")).contains("'PostGres' is the service type 'Postgres' of the"
                + " bundled Postgres connector (names compare ignoring case; source.type 'postgres' would name both):"
                + " installed beside the bundled plugins, the runtime can use neither; choose another name");
    }

    @Test
    void aBundledConnectorsFormerNameClashesToo() {
        assertThat(BundledConnector.clash("com.acme.AcmeSpec", "MSTR")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("'MSTR' is the former name 'Mstr' of the bundled MicroStrategy connector"));
    }

    /** The bundled connector's own kit test is not told that it clashes with itself. */
    @Test
    void aBundledConnectorDoesNotClashWithItself() {
        assertThat(BundledConnector.clash("io.metaingest.connectors.microstrategy.MicroStrategySpec", "Mstr")).isEmpty();
        assertThat(BundledConnector.clash("io.metaingest.connectors.postgres.PostgresSpec", "Postgres")).isEmpty();
    }

    @Test
    void anOwnNameDoesNotClash() {
        assertThat(BundledConnector.clash("com.acme.AcmeSpec", "AcmeFiles")).isEmpty();
        assertThat(BundledConnector.all()).extracting(BundledConnector::serviceType)
                .containsExactly("Postgres", "Fivetran", "DBTCloud", "MicroStrategy");
    }
}
