package io.metaingest.openmetadata;

import io.metaingest.api.ServiceCategory;

/**
 * The service a run's entities belong to, as the sink creates it when the server lacks it.
 *
 * @param name {@code source.serviceName}
 * @param serviceType the connector's service type, e.g. {@code Postgres}
 * @param category the kind of service, which selects the services collection
 * @param connection the bound connection record (its secrets are {@link io.metaingest.api.Secret}s),
 *                   or {@code null} when the run has none
 */
public record ServiceTarget(String name, String serviceType, ServiceCategory category, Object connection) {
}
