/**
 * How the runtime replaces the files it writes: through the links the user made, keeping the
 * permissions the user gave them. Below the runtime's layers, so both a run's execution (the report)
 * and its steps (the file sink) use it.
 */
package io.metaingest.runtime.files;
