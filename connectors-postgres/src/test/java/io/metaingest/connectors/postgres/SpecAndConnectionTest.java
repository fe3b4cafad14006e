package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The spec, the discovery marker, the connection schema and the bound connection record. */
class SpecAndConnectionTest {

    static final String CONFIG = """
            {"type": "Postgres", "hostPort": "db.example.com:5432", "username": "ingest",
             "authType": {"password": "s3cr3t-value"}, "database": "sales", "ingestAllDatabases": true,
             "sslMode": "verify-full", "sslConfig": {"caCertificate": "-----BEGIN CERTIFICATE-----"},
             "classificationName": "RowPolicies", "connectionOptions": {"tcpKeepAlive": "true"},
             "connectionArguments": {"connectTimeout": 5}, "scheme": "postgresql+psycopg2"}""";

    static JsonSchema schema() throws Exception {
        try (InputStream in = PostgresSpec.class.getResourceAsStream(new PostgresSpec().connectionSchema())) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        return schema().validate(Golden.JSON.readTree(json));
    }

    @Test
    void specReadsLikeATableOfContents() {
        PostgresSpec spec = new PostgresSpec();
        assertThat(spec.serviceType()).isEqualTo("Postgres");
        assertThat(spec.category()).isEqualTo(ServiceCategory.DATABASE);
        assertThat(spec.connectionType()).isEqualTo(PostgresConnection.class);
        assertThat(spec.steps()).filteredOn(StepSpec.SourceSpec.class::isInstance).containsExactly(
                StepSpec.source(SourceConfigType.DATABASE_METADATA, PostgresMetadataSource.class),
                StepSpec.source(SourceConfigType.DATABASE_LINEAGE, PostgresLineageSource.class),
                StepSpec.source(SourceConfigType.DATABASE_USAGE, PostgresUsageSource.class),
                StepSpec.source(SourceConfigType.PROFILER, PostgresProfilerSource.class),
                StepSpec.source(SourceConfigType.AUTO_CLASSIFICATION, PostgresAutoClassificationSource.class));
        assertThat(spec.connectionTester()).contains(PostgresConnectionTester.class);
    }

    @Test
    void discoveryMarkerNamesTheSpec() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ServiceSpec.MARKER_RESOURCE)) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo(PostgresSpec.class.getName());
        }
    }

    @Test
    void everyStepHasOneInjectableConstructor() {
        Stream.of(PostgresMetadataSource.class, PostgresLineageSource.class, PostgresUsageSource.class,
                PostgresConnectionTester.class, PostgresClient.class, TableMapper.class).forEach(type -> {
            Constructor<?>[] constructors = type.getConstructors();
            assertThat(constructors).as(type.getSimpleName()).hasSize(1);
            assertThat(constructors[0].isAnnotationPresent(Inject.class)).as(type.getSimpleName()).isTrue();
        });
    }

    @Test
    void schemaAcceptsTheOpenMetadataShape() throws Exception {
        assertThat(validate(CONFIG)).isEmpty();
        assertThat(validate("{\"type\": \"Postgres\", \"hostPort\": \"h:5432\", \"username\": \"u\"}")).isEmpty();
    }

    /**
     * A connection as an OpenMetadata 1.6 server hands it out (a stored service read back, or the YAML
     * it deploys): every capability flag with its default. A workflow
     * without serviceConnection reads exactly this, so none of it may be an unknown field.
     */
    @Test
    void schemaAcceptsTheConnectionAsTheServerReturnsIt() throws Exception {
        assertThat(validate("""
                {"type": "Postgres", "scheme": "postgresql+psycopg2", "username": "ingest",
                 "authType": {"password": "s3cr3t-value"}, "hostPort": "db:5432", "database": "sales",
                 "ingestAllDatabases": false, "sslMode": "disable", "classificationName": "PostgresPolicyTags",
                 "connectionOptions": {}, "connectionArguments": {},
                 "supportsMetadataExtraction": true, "supportsUsageExtraction": true,
                 "supportsLineageExtraction": true, "supportsDBTExtraction": true, "supportsProfiler": true,
                 "supportsDatabase": true, "supportsQueryComment": true, "supportsDataDiff": true}""")).isEmpty();
        // Sample data kept elsewhere than on the server is a feature metaingest lacks: refused, not silently ignored.
        assertThat(validate("{\"hostPort\": \"h:1\", \"username\": \"u\", \"sampleDataStorageConfig\": {}}"))
                .extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("sampleDataStorageConfig"));
        assertThat(validate("{\"hostPort\": \"h:1\", \"username\": \"u\", \"supportsProfiler\": \"yes\"}")).isNotEmpty();
    }

    @Test
    void schemaRejectsWhatOpenMetadataRejects() throws Exception {
        assertThat(validate("{\"type\": \"Postgres\", \"username\": \"u\"}")).extracting(ValidationMessage::getMessage)
                .anyMatch(m -> m.contains("hostPort"));
        assertThat(validate("{\"type\": \"Mysql\", \"hostPort\": \"h:1\", \"username\": \"u\"}")).isNotEmpty();
        assertThat(validate("{\"hostPort\": \"h:1\", \"username\": \"u\", \"pasword\": \"x\"}"))
                .extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("pasword"));
        assertThat(validate("{\"hostPort\": \"h:1\", \"username\": \"u\", \"authType\": {\"pasword\": \"x\"}}"))
                .isNotEmpty();
        assertThat(validate("{\"hostPort\": \"h:1\", \"username\": \"u\", \"sslMode\": \"sometimes\"}")).isNotEmpty();
    }

    @Test
    void schemaDescribesEveryPropertyAndMarksSecrets() throws Exception {
        JsonNode schema;
        try (InputStream in = PostgresSpec.class.getResourceAsStream("/schemas/postgresConnection.json")) {
            schema = Golden.JSON.readTree(in);
        }
        assertThat(schema.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        for (JsonNode object : new JsonNode[] {schema, schema.at("/definitions/basicAuth"), schema.at("/definitions/sslConfig")}) {
            assertThat(object.get("additionalProperties").asBoolean(true)).isFalse();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.get("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                assertThat(p.getValue().hasNonNull("description")).as(p.getKey()).isTrue();
            }
        }
        assertThat(schema.at("/definitions/basicAuth/properties/password/format").asText()).isEqualTo("password");
        assertThat(schema.at("/definitions/sslConfig/properties/sslKey/format").asText()).isEqualTo("password");
        assertThat(schema.at("/properties/classificationName/default").asText()).isEqualTo("PostgresPolicyTags");
        assertThat(schema.at("/properties/ingestAllDatabases/default").asBoolean(true)).isFalse();
        assertThat(schema.at("/properties/type/enum/0").asText()).isEqualTo("Postgres");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("hostPort", "username");
    }

    @Test
    void bindsWithJacksonAndNeverShowsThePassword() throws Exception {
        PostgresConnection conn = Golden.JSON.readValue(CONFIG, PostgresConnection.class);
        assertThat(conn.hostPort()).isEqualTo("db.example.com:5432");
        assertThat(conn.password().reveal()).isEqualTo("s3cr3t-value");
        assertThat(conn.ingestAllDatabases()).isTrue();
        assertThat(conn.classificationName()).isEqualTo("RowPolicies");
        assertThat(conn.sslConfig().caCertificate()).startsWith("-----BEGIN");
        assertThat(conn.toString()).doesNotContain("s3cr3t-value").contains("******");
        assertThat(Golden.JSON.writeValueAsString(conn)).doesNotContain("s3cr3t-value");

        PostgresConnection minimal = Golden.JSON.readValue("{\"hostPort\": \"h:1\", \"username\": \"u\"}",
                PostgresConnection.class);
        assertThat(minimal.ingestAllDatabases()).isFalse();
        assertThat(minimal.classificationName()).isEqualTo("PostgresPolicyTags");
        assertThat(minimal.databaseOrDefault()).isEqualTo("postgres");
    }

    @Test
    void driverPropertiesCarryTimeoutsReadOnlyAndOverrides() throws Exception {
        PostgresConnection conn = Golden.JSON.readValue(CONFIG, PostgresConnection.class);
        var props = new PostgresClient(conn).properties();
        assertThat(props.getProperty("ApplicationName")).isEqualTo("metaingest");
        assertThat(props.getProperty("readOnly")).isEqualTo("true");
        assertThat(props.getProperty("options")).contains("statement_timeout=").contains("default_transaction_read_only=on");
        assertThat(props.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(props.getProperty("sslrootcert")).endsWith(".pem");
        assertThat(props.getProperty("tcpKeepAlive")).isEqualTo("true");
        assertThat(props.getProperty("connectTimeout")).isEqualTo("5"); // connectionArguments win
        assertThat(new PostgresClient(conn).jdbcUrl("my db")).isEqualTo("jdbc:postgresql://db.example.com:5432/my%20db");
        assertThat(Arrays.stream(PostgresClient.class.getDeclaredFields())).isNotEmpty();
    }
}
