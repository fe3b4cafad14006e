package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.WorkflowContext;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What the runtime hands to the factories of processors and sinks.
 *
 * @param mapper the run's ObjectMapper
 * @param clock the run's clock
 * @param console where the console sink prints (standard output)
 * @param terminal whether {@code console} is a terminal
 * @param masker hides the run's secrets in everything written
 * @param context the workflow's context
 */
public record StepEnvironment(ObjectMapper mapper, Clock clock, PrintStream console, boolean terminal,
                              SecretMasker masker, WorkflowContext context) {
}
