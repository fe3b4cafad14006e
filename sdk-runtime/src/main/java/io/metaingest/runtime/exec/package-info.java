/**
 * Running a workflow: one Guice injector per run, steps streamed record by record, a
 * {@link io.metaingest.api.Status} per step, OpenMetadata 1.6's success rate and final state, and the
 * JSON run report with heartbeats and a final state also on SIGTERM.
 */
package io.metaingest.runtime.exec;
