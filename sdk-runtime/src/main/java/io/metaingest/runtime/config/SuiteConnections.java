package io.metaingest.runtime.config;

import java.util.List;
import java.util.Optional;

/**
 * The connections of a test suite workflow, one per listed service: what a test suite run has in
 * place of one {@code source.serviceConnection}. It is the "connection" of {@link TestSuiteSpec}.
 *
 * @param services the services, in the file's order
 */
public record SuiteConnections(List<SuiteService> services) {

    /** Copies the list. */
    public SuiteConnections {
        services = List.copyOf(services);
    }

    /** The service named {@code serviceName}, exactly as listed. */
    public Optional<SuiteService> service(String serviceName) {
        return services.stream().filter(s -> s.serviceName().equals(serviceName)).findFirst();
    }

    @Override
    public String toString() {
        // Names only: the bound records mask their secrets, but there is no need to print them at all.
        return "SuiteConnections" + services.stream().map(s -> s.serviceName() + ":" + s.spec().spec().serviceType())
                .toList();
    }
}
