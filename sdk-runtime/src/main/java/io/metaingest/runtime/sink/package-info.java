/**
 * The sinks shipped with the runtime: {@code file} (NDJSON written to a temporary file and moved
 * into place when the run succeeds, the embedded default) and {@code console} (JSON lines on stdout
 * when it is not a terminal), and {@link io.metaingest.runtime.sink.WritableFile}, the check that an
 * output path can be created before a run connects.
 */
package io.metaingest.runtime.sink;
