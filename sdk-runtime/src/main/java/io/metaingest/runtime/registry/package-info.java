/**
 * Connector discovery. Specs are found with ClassGraph on the application classpath and in each
 * sub-folder of the plugin directory, looking only inside classpath elements that carry the marker
 * resource {@link io.metaingest.api.ServiceSpec#MARKER_RESOURCE}, so the cost does not grow with
 * unrelated jars. Each plugin folder gets its own {@link io.metaingest.runtime.registry.PluginClassLoader}.
 *
 * <p>Shared parent-first with plugins: the JDK, {@code io.metaingest.api}, Jackson, {@code jakarta.inject}
 * and SLF4J. Jackson is on the list (DESIGN.md names only the API, the JDK and logging) because
 * connection records and entity requests are bound and written by the runtime's ObjectMapper: a
 * plugin-private Jackson would not see the runtime's annotations and an injected ObjectMapper would
 * be a different class. Everything else is child-first, so plugins may carry conflicting libraries.
 */
package io.metaingest.runtime.registry;
