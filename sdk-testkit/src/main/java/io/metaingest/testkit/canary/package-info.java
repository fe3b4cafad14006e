/**
 * The secret canary: {@link io.metaingest.testkit.canary.Canary} is the one password and the one
 * token tests use for secrets; {@link io.metaingest.testkit.canary.CanaryScan} finds them, in any
 * encoding, in the outputs tests leave behind (captured logs and errors, reports, NDJSON).
 */
package io.metaingest.testkit.canary;
