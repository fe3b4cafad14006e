/** The sinks shipped with the runtime: {@code file} (NDJSON, the embedded default) and {@code console}. */
package io.metaingest.runtime.sink;
