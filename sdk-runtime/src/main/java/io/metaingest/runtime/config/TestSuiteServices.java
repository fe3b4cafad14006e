package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.registry.RegisteredSpec;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.SpecSchemas;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the services of a test suite workflow from {@code sourceConfig.config.serviceConnections}
 * (OpenMetadata 1.6.2): each service's connection is validated against its own connector's schema,
 * with its full path, and bound to its connector's record. The 1.5 shape, one
 * {@code source.serviceConnection} beside the suite, is refused with the way to the new one.
 */
final class TestSuiteServices {

    /** The sourceConfig field that lists the suite's services. */
    static final String SERVICES_FIELD = "serviceConnections";
    static final String SERVICES = "source.sourceConfig.config." + SERVICES_FIELD;
    /** {@code processor.type} of a test suite workflow: OpenMetadata's test runner. */
    static final String RUNNER = "orm-test-runner";

    /** A listed service whose connector is known, before binding. */
    record Listed(String serviceName, RegisteredSpec spec, JsonNode config, String path, ConnectionOrigin origin) {
        /** This service with its path as the file of a suite in the server's form has it. */
        Listed asWritten() {
            return new Listed(serviceName, spec, config, TestSuiteServices.asWritten(path), origin);
        }
    }

    /** Where the service of a suite in the server's form is in its file: the source's own fields. */
    private static final String AS_WRITTEN_CONNECTION = SERVICES + "[0].serviceConnection";
    private static final String AS_WRITTEN_NAME = SERVICES + "[0].serviceName";

    /**
     * A path (or a line naming paths) of a suite rewritten by {@link #asSuiteOfItsService} as its file has it:
     * {@code serviceConnections[0].serviceConnection} is the file's {@code source.serviceConnection}, and
     * {@code serviceConnections[0].serviceName} its {@code source.serviceName}.
     */
    static String asWritten(String text) {
        return text == null ? null : text.replace(AS_WRITTEN_CONNECTION, "source.serviceConnection")
                .replace(AS_WRITTEN_NAME, "source.serviceName");
    }

    private final ServiceSpecRegistry registry;

    TestSuiteServices(ServiceSpecRegistry registry) {
        this.registry = registry;
    }

    /**
     * A test suite written as OpenMetadata's server writes the ones it deploys, {@code source.type} the
     * service's connector ({@code postgres}) and {@code serviceName} the service, rewritten in place as
     * the test suite of that one service: {@code source.type: testsuite}, the service (with the source's
     * connection when it has one, else read from the server) as its {@code serviceConnections}.
     *
     * @return the warning saying so, when the file was in that form
     */
    Optional<String> asSuiteOfItsService(JsonNode root) {
        if (!(root.path("source") instanceof ObjectNode source) || isTestSuite(source)
                || !(source.path("sourceConfig").path("config") instanceof ObjectNode config)
                || !"TestSuite".equals(config.path("type").asText()) || config.has(SERVICES_FIELD)
                || !source.path("serviceName").isTextual() || registry.find(source.path("type").asText("")).isEmpty()) {
            return Optional.empty();
        }
        String type = source.path("type").asText();
        String service = source.path("serviceName").asText();
        ObjectNode entry = config.putArray(SERVICES_FIELD).addObject().put("serviceName", service);
        boolean connected = source.has("serviceConnection");
        if (connected) {
            entry.set("serviceConnection", source.remove("serviceConnection"));
        }
        source.put("type", io.metaingest.api.WorkflowKind.TESTSUITE_SOURCE_TYPE);
        // Named as the file has it: the serviceConnections entry is this loader's rewriting, not the user's.
        return Optional.of("source.type '" + type + "' with a TestSuite sourceConfig (as OpenMetadata's server writes"
                + " the suites it deploys) runs as the test suite of service '" + service + "': its connection is "
                + (connected ? "source.serviceConnection.config" : "read from the OpenMetadata server by source.serviceName"));
    }

    /** Whether {@code source.type} names a test suite workflow (OpenMetadata writes it either case). */
    static boolean isTestSuite(JsonNode source) {
        return io.metaingest.api.WorkflowKind.TESTSUITE_SOURCE_TYPE.equalsIgnoreCase(source.path("type").asText(""));
    }

    /**
     * The service of the suite's table, the first part of {@code entityFullyQualifiedName}, as
     * {@code migrate} names it ({@code source.serviceName} is the suite's own name); a placeholder
     * when there is none.
     */
    private static String tablesService(JsonNode source) {
        String table = source.path("sourceConfig").path("config").path("entityFullyQualifiedName").asText("");
        try {
            List<String> parts = io.metaingest.api.Fqn.split(table);
            return table.isBlank() || parts.isEmpty() || parts.get(0).isBlank() ? "<service of the suite's tables>"
                    : parts.get(0);
        } catch (IllegalArgumentException malformed) {
            return "<service of the suite's tables>";
        }
    }

    /** Checks the listed services; every problem is added, and the services whose connector is known returned. */
    List<Listed> check(JsonNode source, Map<String, ConnectionOrigin> fromServer, List<ConfigProblem> problems,
                       List<String> warnings) {
        if (source.has("serviceConnection")) {
            problems.add(new ConfigProblem("source.serviceConnection", "a testsuite workflow lists its services in "
                    + SERVICES + " since OpenMetadata 1.6.2; move this connection there as [{serviceName: "
                    + tablesService(source) + ", serviceConnection: {config: ...}}] "
                    + "(one entry per service of the suite), or run `metaingest migrate` on the file"));
        }
        JsonNode entries = source.path("sourceConfig").path("config").path("serviceConnections");
        if (!entries.isArray() || entries.isEmpty()) {
            if (!source.has("serviceConnection")) {
                problems.add(new ConfigProblem(SERVICES, "missing; list each service of the suite's tables as "
                        + "{serviceName: <name>, serviceConnection: {config: {type: Postgres, ...}}}, or name the"
                        + " OpenMetadata server in workflowConfig.openMetadataServerConfig to read their connections"
                        + " from it"));
            }
            return List.of();
        }
        List<Listed> listed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = SERVICES + "[" + i + "]";
            JsonNode entry = entries.get(i);
            String name = entry.path("serviceName").asText(null);
            if (name != null && !names.add(name)) {
                problems.add(new ConfigProblem(path + ".serviceName", "'" + name + "' is listed twice; list each service once"));
            }
            JsonNode config = entry.path("serviceConnection").path("config");
            if (name == null || !config.isObject()) {
                continue; // the sourceConfig schema reports the missing parts
            }
            resolve(config, path + ".serviceConnection.config", problems, warnings)
                    .ifPresent(spec -> listed.add(new Listed(name, spec, config, path + ".serviceConnection.config",
                            fromServer.getOrDefault(name, ConnectionOrigin.FILE))));
        }
        return listed;
    }

    private Optional<RegisteredSpec> resolve(JsonNode config, String path, List<ConfigProblem> problems,
                                             List<String> warnings) {
        String type = config.path("type").asText(null);
        List<String> testable = registry.specs().stream().filter(r -> r.spec().testExecutor().isPresent())
                .map(r -> r.spec().serviceType()).toList();
        if (type == null) {
            problems.add(new ConfigProblem(path + ".type", "missing; name the service type, e.g. "
                    + (testable.isEmpty() ? "Postgres" : testable.get(0))));
            return Optional.empty();
        }
        Optional<ServiceSpecRegistry.Lookup> lookup = registry.find(type);
        if (lookup.isEmpty()) {
            problems.add(new ConfigProblem(path + ".type", Suggestions.unknownServiceType(registry, type,
                    "Installed connectors that run tests", testable)));
            return Optional.empty();
        }
        ServiceSpec spec = lookup.get().spec();
        if (lookup.get().viaFormerName()) {
            warnings.add(path + ".type: '" + type + "' is deprecated; write '" + spec.serviceType() + "'");
        } else if (!type.equals(spec.serviceType())) {
            warnings.add(Suggestions.otherCase(path + ".type", type, spec.serviceType()));
        }
        ((ObjectNode) config).set("type", TextNode.valueOf(spec.serviceType()));
        if (spec.testExecutor().isEmpty()) {
            problems.add(new ConfigProblem(path + ".type", spec.serviceType() + " runs no data-quality tests; "
                    + "connectors that do: " + (testable.isEmpty() ? "none installed" : String.join(", ", testable))));
            return Optional.empty();
        }
        List<ConfigProblem> invalid = SchemaValidator.validate(config, SpecSchemas.connectionSchema(spec), path,
                spec.serviceType());
        problems.addAll(invalid);
        return invalid.isEmpty() ? Optional.of(lookup.get().registered()) : Optional.empty();
    }

    /** Binds each listed service's connection to its connector's record. */
    static SuiteConnections bind(List<Listed> listed, ObjectMapper mapper, List<ConfigProblem> problems) {
        List<SuiteService> services = new ArrayList<>();
        for (Listed service : listed) {
            try {
                services.add(new SuiteService(service.serviceName(), service.spec(),
                        mapper.treeToValue(service.config(), service.spec().spec().connectionType()), service.path(),
                        service.origin()));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(ConfigProblem.unbindable(service.path(), service.spec().spec().connectionType(), e));
            }
        }
        return new SuiteConnections(services);
    }
}
