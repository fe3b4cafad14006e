package io.metaingest.cli;

import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import java.io.PrintStream;
import java.util.Locale;

/** How the CLI prints problems and run summaries. */
final class Printer {

    private Printer() {
    }

    /** One line per problem, then a count; returns exit code 2. */
    static int configProblems(Object file, InvalidConfigException e, PrintStream err) {
        e.problems().forEach(p -> err.println(p.toString()));
        err.println(file + ": " + e.problems().size() + " configuration problem" + (e.problems().size() == 1 ? "" : "s")
                + "; nothing was run");
        return ExitCodes.INVALID_CONFIG;
    }

    /** The step table, the verdict and the first failures. */
    static void summary(RunResult result, PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %9s %8s%n",
                "step", "records", "updated", "warnings", "filtered", "errors", "success");
        for (StepSummary step : result.steps()) {
            out.printf(Locale.ROOT, "%-24s %9d %9d %9d %9d %9d %7.2f%%%n", step.name(), step.records(),
                    step.updatedRecords(), step.warnings(), step.filtered(), step.errors(), step.success());
        }
        for (StepSummary step : result.steps()) {
            for (String warning : step.warningDetails()) {
                out.println("warning [" + step.name() + "] " + warning);
            }
            for (StepError failure : step.failures()) {
                out.println("failed  [" + step.name() + "] " + failure.name() + ": " + failure.error());
            }
            if (step.errors() > step.failures().size()) {
                out.println("        [" + step.name() + "] ... and " + (step.errors() - step.failures().size())
                        + " more failures (see the run report)");
            }
        }
        out.printf(Locale.ROOT, "%s: %s, success %.2f%% (threshold %d%%)%s%n", result.sourceType(),
                result.state().value(), result.success(), result.successThreshold(),
                result.fatalError() != null ? " - " + result.fatalError() : "");
    }

    /** The exit code of a finished run. */
    static int exitCode(RunResult result) {
        if (result.connectionFailure()) {
            return ExitCodes.CONNECTION_FAILURE;
        }
        return switch (result.state()) {
            case SUCCESS, PARTIAL_SUCCESS -> ExitCodes.OK;
            default -> ExitCodes.FAILED;
        };
    }
}
