package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The display names migrate --resolve reads, against the local Fivetran server. */
class FivetranPipelineNamesTest {

    @Test
    void everyConnectorIdAndPipelineNameMapsToTheDisplayNameTheSourceMatches() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 25, 1), new TestSupport.RecordingSleeper());
            Map<String, String> names = new FivetranPipelineNames(client).currentNames();

            assertThat(names).hasSize(2 * 250); // paged: 25 a page, groups and connectors
            assertThat(names).containsEntry("conn_000", "Staging <> postgres_rds_0")
                    .containsEntry("projected_sickle_conn_000", "Staging <> postgres_rds_0")
                    .containsEntry("conn_104", "Production <> salesforce_104")
                    .containsEntry("schoolmaster_heedless_conn_104", "Production <> salesforce_104");
            assertThat(server.seen()).allSatisfy(seen -> assertThat(seen.path()).doesNotContain("/schemas"));
        }
    }

    @Test
    void refusedCredentialsAreAConnectionFailureWithoutTheSecret() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard(), "other", "other-secret")) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 25, 1), new TestSupport.RecordingSleeper());
            ConnectionException e = catchThrowableOfType(ConnectionException.class,
                    () -> new FivetranPipelineNames(client).currentNames());
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
            assertThat(e.getMessage()).doesNotContain(FivetranFixtures.API_SECRET);
        }
    }

    @Test
    void theSpecDeclaresWhichEntriesLookLikeIds() {
        var renamed = new FivetranSpec().renamedFilterNames().orElseThrow();
        assertThat(renamed.field()).isEqualTo("pipelineFilterPattern");
        assertThat(renamed.resolver()).isEqualTo(FivetranPipelineNames.class);
        assertThat(renamed.formerName().matcher("speak_inexpensive").matches()).isTrue();
        assertThat(renamed.formerName().matcher("projected_sickle_conn_000").matches()).isTrue();
        assertThat(renamed.formerName().matcher("Production <> salesforce").matches()).isFalse();
        assertThat(renamed.formerName().matcher("Staging").matches()).isFalse();
        assertThat(Optional.of(renamed.reason())).hasValueSatisfying(r -> assertThat(r).contains("display names"));
    }
}
