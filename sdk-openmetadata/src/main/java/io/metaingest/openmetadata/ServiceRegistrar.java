package io.metaingest.openmetadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.metaingest.api.ConnectionViews;
import io.metaingest.api.Secret;
import java.io.IOException;
import java.util.Optional;

/**
 * Makes sure the run's service exists before its entities are written. By default an existing
 * service is left as it is and a missing one is created without a connection, so no secret leaves
 * the machine; with {@code storeServiceConnection} the service is created or updated with its
 * connection, secrets included (the server stores them encrypted).
 */
public final class ServiceRegistrar {

    private final OpenMetadataClient client;
    private final ReferenceResolver resolver;
    private final ObjectMapper revealing;

    /** Creates a registrar; {@code mapper} is copied into one that writes secrets in clear. */
    public ServiceRegistrar(OpenMetadataClient client, ReferenceResolver resolver, ObjectMapper mapper) {
        this.client = client;
        this.resolver = resolver;
        this.revealing = mapper.copy()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .registerModule(new SimpleModule("reveal-secrets").addSerializer(Secret.class, new RevealingSerializer()));
    }

    /**
     * Creates the service when missing (or always, with its connection, when {@code withConnection}).
     *
     * @return the service entity as the server has it
     */
    public JsonNode ensure(ServiceTarget target, boolean withConnection) throws IOException, OpenMetadataApiException {
        String type = EntityCollections.serviceEntityType(target.category());
        String collection = EntityCollections.of(type).orElseThrow();
        if (!withConnection) {
            Optional<JsonNode> existing = client.get(EntityCollections.byName(type, target.name()).orElseThrow());
            if (existing.isPresent()) {
                resolver.remember(type, target.name(), existing.get().path("id").asText(null));
                return existing.get();
            }
        }
        ObjectNode body = revealing.createObjectNode();
        body.put("name", target.name());
        body.put("serviceType", target.serviceType());
        if (withConnection && target.connection() != null) {
            // The server's own fields only: it refuses a field of metaingest's (ConnectionViews.MetaingestOnly).
            ObjectNode config = (ObjectNode) revealing.readTree(
                    revealing.writerWithView(ConnectionViews.Stored.class).writeValueAsBytes(target.connection()));
            if (!config.has("type")) {
                config.put("type", target.serviceType());
            }
            body.putObject("connection").set("config", config);
        }
        JsonNode service = client.put(collection, body).json();
        resolver.remember(type, target.name(), service.path("id").asText(null));
        return service;
    }

    /** Writes a {@link Secret}'s value; used only for the body sent to the server. */
    private static final class RevealingSerializer extends StdSerializer<Secret> {
        private static final long serialVersionUID = 1L;

        RevealingSerializer() {
            super(Secret.class);
        }

        @Override
        public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.reveal());
        }
    }
}
