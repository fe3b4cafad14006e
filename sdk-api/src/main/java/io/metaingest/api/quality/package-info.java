/**
 * Data quality: the test cases a test suite workflow runs, their results in OpenMetadata's shape,
 * and the {@link io.metaingest.api.quality.TestExecutor} a database connector declares (through
 * {@link io.metaingest.api.ServiceSpec#testExecutor()}) to run tests on its own service.
 */
package io.metaingest.api.quality;
