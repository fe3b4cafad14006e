/**
 * Fault drills for HTTP connectors: {@link io.metaingest.testkit.faults.FaultProxy} sits in front
 * of a connector's local API server and injects rate limits, server errors, resets, truncated
 * bodies and slow answers chosen by a {@link io.metaingest.testkit.faults.FaultPlan} from a seed,
 * so a failing drill can be replayed. Connector authors use it to prove that under faults every
 * entity is either emitted once or recorded as a failure, and that a run ends in bounded time.
 */
package io.metaingest.testkit.faults;
