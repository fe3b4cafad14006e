package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.WorkflowContext;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What the runtime hands to the factories of processors and sinks.
 *
 * @param mapper the run's ObjectMapper
 * @param clock the run's clock
 * @param console where the console sink prints
 * @param context the workflow's context
 */
public record StepEnvironment(ObjectMapper mapper, Clock clock, PrintStream console, WorkflowContext context) {
}
