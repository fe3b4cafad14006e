/**
 * The runtime's own step types, registered by the facade through the {@link io.metaingest.api.StepProvider}
 * contract every plugin uses. Nothing here imports the runtime's other packages.
 */
package io.metaingest.runtime.steps;
