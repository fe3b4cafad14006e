package io.metaingest.runtime.registry;

import io.metaingest.api.ServiceSpec;

/**
 * A discovered spec and where it came from.
 *
 * @param spec the instance
 * @param origin {@code classpath} or {@code plugin <folder>}
 * @param classLoader the loader of the connector's classes
 */
public record RegisteredSpec(ServiceSpec spec, String origin, ClassLoader classLoader) {
}
