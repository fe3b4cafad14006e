/**
 * Connector discovery, on the application classpath and in each sub-folder of the plugin directory.
 * Only jars that carry the marker resource {@link io.metaingest.api.ServiceSpec#MARKER_RESOURCE} are
 * looked into, so the cost does not grow with unrelated jars. In a plugin folder the marker names
 * the spec and step-provider classes (one per line), so discovery reads a resource per jar instead
 * of scanning classes: as cheap as {@link java.util.ServiceLoader} (see benchmarks/RESULTS.md). A
 * plugin whose marker names no class, or a class that is neither, and the application class path
 * (where one marker may sit in a folder of several connectors) are scanned with ClassGraph, class
 * headers only. Each plugin folder gets its own {@link io.metaingest.runtime.registry.PluginClassLoader}.
 *
 * <p>Shared parent-first with plugins: the JDK, {@code io.metaingest.api}, Jackson, {@code jakarta.inject}
 * and SLF4J. Jackson is on the list (DESIGN.md names only the API, the JDK and logging) because
 * connection records and entity requests are bound and written by the runtime's ObjectMapper: a
 * plugin-private Jackson would not see the runtime's annotations and an injected ObjectMapper would
 * be a different class. Everything else is child-first, so plugins may carry conflicting libraries.
 */
package io.metaingest.runtime.registry;
