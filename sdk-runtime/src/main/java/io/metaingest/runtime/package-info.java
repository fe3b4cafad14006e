/**
 * The metaingest runtime: {@link io.metaingest.runtime.registry discovery}, {@link io.metaingest.runtime.config
 * configuration}, {@link io.metaingest.runtime.exec execution} and the built-in {@link io.metaingest.runtime.sink sinks}.
 * {@link io.metaingest.runtime.Metaingest} ties them together for the CLI and for tests.
 */
package io.metaingest.runtime;
