package io.metaingest.openmetadata;

import io.metaingest.api.ServiceCategory;

/**
 * The service a run's entities belong to, as the sink creates it when the server lacks it.
 *
 * @param name {@code source.serviceName}
 * @param serviceType the connector's service type, e.g. {@code Postgres}
 * @param category the kind of service, which selects the services collection; null for a run whose
 *                 entities belong to no service of its own (a test suite), which a sink does not register
 * @param connection the bound connection record (its secrets are {@link io.metaingest.api.Secret}s),
 *                   or {@code null} when the run has none
 */
public record ServiceTarget(String name, String serviceType, ServiceCategory category, Object connection) {

    /** The target of a run that has no service of its own to register: a test suite named {@code name}. */
    public static ServiceTarget none(String name) {
        return new ServiceTarget(name, "TestSuite", null, null);
    }

    /** Whether a sink should make sure this service exists. */
    public boolean registrable() {
        return category != null;
    }
}
