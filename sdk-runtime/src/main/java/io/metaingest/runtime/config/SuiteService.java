package io.metaingest.runtime.config;

import io.metaingest.runtime.registry.RegisteredSpec;

/**
 * One service of a test suite, resolved and bound: {@code sourceConfig.config.serviceConnections[i]}.
 *
 * @param serviceName {@code serviceName}: the first part of its tables' FQNs
 * @param spec the connector of its {@code serviceConnection.config.type}
 * @param connection the bound connection record (the spec's {@code connectionType()})
 */
public record SuiteService(String serviceName, RegisteredSpec spec, Object connection) {
}
