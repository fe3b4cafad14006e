/**
 * The conformance kit a connector runs in its own build. Extend {@link io.metaingest.testkit.ConnectorKit}
 * with one small class: name the service type, give a workflow per workflow kind that reads the test
 * endpoint, declare the {@link io.metaingest.testkit.Capability capabilities}; every check becomes a
 * dynamic test that fails with the precise cause, or says "not applicable: reason".
 * {@link io.metaingest.testkit.GoldenFiles} compares whole runs with committed NDJSON files and
 * {@link io.metaingest.testkit.RuntimeSteps} builds a connector's classes exactly as the runtime does.
 * Modelled on Airbyte's acceptance tests, the Singer SDK's standard tests, DataHub's golden files and
 * Trino's capability-driven connector tests.
 *
 * <p>Beside the kit: {@link io.metaingest.testkit.faults} drills an HTTP connector behind a
 * fault-injecting proxy, and {@link io.metaingest.testkit.canary} holds the canary secrets every test
 * uses and the scan that fails the build when one leaks into test outputs.
 */
package io.metaingest.testkit;
