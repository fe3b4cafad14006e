package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Fqn;
import io.metaingest.api.quality.EntityLink;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A test suite written without {@code sourceConfig.config.serviceConnections}, as OpenMetadata 1.6 allows when the
 * workflow names its server (its documented basic suite has none): the services of the suite's tables, the first part
 * of {@code entityFullyQualifiedName} and of each test case's {@code entityLink}, are listed by name, so their
 * connections are read from the server as for an entry written with its {@code serviceName} only.
 */
final class SuiteServicesFromTables {

    private SuiteServicesFromTables() {
    }

    /**
     * Lists the services of {@code root}'s tables in place when it is such a suite.
     *
     * @return the warning saying so; empty when the file lists its services, names no server, or no table
     */
    static Optional<String> listFromTables(JsonNode root) {
        JsonNode source = root.path("source");
        if (!TestSuiteServices.isTestSuite(source) || source.has("serviceConnection")
                || !(source.path("sourceConfig").path("config") instanceof ObjectNode config)
                || config.has(TestSuiteServices.SERVICES_FIELD)
                || !root.path("workflowConfig").path("openMetadataServerConfig").path("hostPort").isTextual()) {
            return Optional.empty();
        }
        Set<String> services = new LinkedHashSet<>();
        serviceOf(config.path("entityFullyQualifiedName").asText(null)).ifPresent(services::add);
        for (JsonNode testCase : root.path("processor").path("config").path("testCases")) {
            try {
                String link = testCase.path("entityLink").asText(null);
                if (link != null) {
                    serviceOf(EntityLink.parse(link).tableFqn()).ifPresent(services::add);
                }
            } catch (IllegalArgumentException unreadable) {
                // the test's own failure when it runs
            }
        }
        if (services.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode listed = config.putArray(TestSuiteServices.SERVICES_FIELD);
        services.forEach(name -> listed.addObject().put("serviceName", name));
        return Optional.of(TestSuiteServices.SERVICES + ": not given, so the connections of the suite's tables'"
                + " services are read from the OpenMetadata server, as OpenMetadata does: read as "
                + services.stream().map(s -> "{serviceName: " + s + "}").toList());
    }

    private static Optional<String> serviceOf(String tableFqn) {
        if (tableFqn == null || tableFqn.isBlank()) {
            return Optional.empty();
        }
        try {
            List<String> parts = Fqn.split(tableFqn);
            return parts.isEmpty() || parts.get(0).isBlank() ? Optional.empty() : Optional.of(parts.get(0));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
