/**
 * Loading a workflow file: YAML or JSON, {@code ${VAR}} substitution, validation against the
 * workflow schema, the connector's connection schema and the {@code sourceConfig} schema of the
 * workflow kind, and binding to typed records. Every problem is collected and reported at once,
 * one line each, as {@code <path>: <problem and fix>}.
 */
package io.metaingest.runtime.config;
