package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.runtime.Mappers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kit's check that credentials are secret tells a credential from a field whose name merely holds
 * the word: a token's URL, a password policy, length or file is not a secret, and failing a connector's
 * build on it would teach its author to ignore the check; a real password, token or API secret held as
 * a plain string still fails it, naming the field and the fix.
 */
class CredentialFieldsTest {

    /**
     * A connection with a marked secret and fields named after a credential that hold none.
     *
     * @param type the service type
     * @param password the one secret, marked
     * @param tokenUrl where tokens are asked for
     * @param passwordPolicy a policy's name
     * @param minPasswordLength a length
     * @param passwordFile a path
     * @param secretName a name in a secrets manager
     * @param token_endpoint where tokens are asked for, snake_case
     */
    record NamedLikeCredentials(String type, Secret password, String tokenUrl, String passwordPolicy,
                                String minPasswordLength, String passwordFile, String secretName, String token_endpoint) {
    }

    /**
     * A connection whose credentials are plain strings the schema does not mark.
     *
     * @param type the service type
     * @param password a password
     * @param token a token
     * @param apiSecret an API secret
     * @param client_secret an OAuth client secret
     */
    record UnmarkedCredentials(String type, String password, String token, String apiSecret, String client_secret) {
    }

    @Test
    void fieldsNamedAfterACredentialThatHoldNoneAreNotTakenForSecrets() throws Exception {
        JsonNode schema = schema("""
                "password": {"type": "string", "format": "password", "description": "d"},
                "tokenUrl": {"type": "string", "description": "d"},
                "passwordPolicy": {"type": "string", "description": "d"},
                "minPasswordLength": {"type": "string", "description": "d"},
                "passwordFile": {"type": "string", "description": "d"},
                "secretName": {"type": "string", "description": "d"},
                "token_endpoint": {"type": "string", "description": "d"}""");
        ServiceSpec spec = spec(NamedLikeCredentials.class);
        assertThat(SchemaChecks.recordMismatches(spec, schema)).isEmpty();
        assertThat(SchemaChecks.secretMismatches(spec, schema)).isEmpty();
    }

    @Test
    void aPasswordTokenOrApiSecretLeftAsAPlainStringFailsTheCheckNamingItAndTheFix() throws Exception {
        JsonNode schema = schema("""
                "password": {"type": "string", "description": "d"},
                "token": {"type": ["string", "null"], "description": "d, typed as a string that may be null"},
                "apiSecret": {"type": "string", "description": "d"},
                "client_secret": {"type": "string", "description": "d"}""");
        ServiceSpec spec = spec(UnmarkedCredentials.class);
        assertThat(SchemaChecks.recordMismatches(spec, schema)).isEmpty();
        List<String> problems = SchemaChecks.secretMismatches(spec, schema);
        assertThat(problems).hasSize(4);
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo("apiSecret is named like a credential but is"
                + " neither format: password in /schemas/Creds.json nor a Secret in"
                + " CredentialFieldsTest.UnmarkedCredentials.apiSecret, so only the console of metaingest ingest masks"
                + " it (by its name): validate, test-connection, the run report, the records and the record's toString"
                + " show it as is; mark it format: password and type it io.metaingest.api.Secret"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("password is named like a credential"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("token is named like a credential"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("client_secret is named like a credential"));
    }

    /** A property without a description fails the schema check, naming the property and the fix. */
    @Test
    void aPropertyWithoutADescriptionIsNamedWithTheFix() throws Exception {
        JsonNode schema = schema("""
                "password": {"type": "string", "format": "password", "description": "d"},
                "tokenUrl": {"type": "string"},
                "passwordPolicy": {"type": "string", "description": " "}""");
        assertThat(SchemaChecks.problems(spec(NamedLikeCredentials.class), schema)).containsExactly(
                "/schemas/Creds.json: property tokenUrl has no description; add \"description\": what it is, its default"
                        + " and an example (`metaingest connectors describe Creds` and the error lines of a mistyped value"
                        + " show it to users)",
                "/schemas/Creds.json: property passwordPolicy has no description; add \"description\": what it is, its"
                        + " default and an example (`metaingest connectors describe Creds` and the error lines of a"
                        + " mistyped value show it to users)");
    }

    private static JsonNode schema(String properties) throws Exception {
        return Mappers.standard().readTree("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": false,
                 "properties": {"type": {"type": "string", "enum": ["Creds"], "description": "d"},
                """ + properties + "}}");
    }

    private static ServiceSpec spec(Class<?> connection) {
        return new ServiceSpec() {
            @Override public String serviceType() { return "Creds"; }
            @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
            @Override public Class<?> connectionType() { return connection; }
            @Override public String connectionSchema() { return "/schemas/Creds.json"; }
            @Override public List<StepSpec<?>> steps() { return List.of(); }
        };
    }
}
