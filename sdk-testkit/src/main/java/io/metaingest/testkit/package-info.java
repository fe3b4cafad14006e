/**
 * Conformance checks a connector runs in its own build: extend
 * {@link io.metaingest.testkit.ConnectorConformanceTest}, return your spec and a metadata workflow
 * that points at a real test server, and the kit checks the spec, discovery, the connection test
 * and two reads (modelled on Airbyte's spec / check / discover / read acceptance tests).
 */
package io.metaingest.testkit;
