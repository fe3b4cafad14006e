package io.metaingest.cli;

import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.runtime.mask.TerminalText;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.SinkOutput;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/** How the CLI prints problems and run summaries. */
final class Printer {

    /** Where the details beyond the first ten are: the report keeps the same ten, the DEBUG log every one. */
    static final String NOT_KEPT = " (the report keeps the first " + Status.KEPT_DETAILS
            + " too; run with --debug to log every one)";

    /** {@link #NOT_KEPT} for a run with --debug, whose log already holds every one. */
    static final String LOGGED = " (the report keeps the first " + Status.KEPT_DETAILS
            + " too; the DEBUG log above has every one)";

    private Printer() {
    }

    /** Problem lines printed at most: past that, what is wrong is clear and the rest would scroll it away. */
    static final int MAX_PROBLEM_LINES = 50;

    /** One line per problem (at most {@link #MAX_PROBLEM_LINES}), then a count; returns exit code 2 (3: no server). */
    static int configProblems(Object file, InvalidConfigException e, PrintStream err) {
        return configProblems(file, e, err, "nothing was run");
    }

    /**
     * As {@link #configProblems(Object, InvalidConfigException, PrintStream)}, ending with what the
     * command left undone ({@code migrate}: "nothing was written").
     */
    static int configProblems(Object file, InvalidConfigException e, PrintStream err, String undone) {
        return problemLines(file, e, err, "%s: %,d configuration problem%s; " + undone);
    }

    /**
     * As {@link #configProblems(Object, InvalidConfigException, PrintStream)}, for {@code validate}: its last
     * line answers as its success line does ({@code FILE: invalid - N configuration problems}); "nothing was
     * run" told a user of a command that never runs anything nothing.
     */
    static int invalid(Object file, InvalidConfigException e, PrintStream err) {
        return problemLines(file, e, err, "%s: invalid - %,d configuration problem%s");
    }

    private static int problemLines(Object file, InvalidConfigException e, PrintStream err, String last) {
        e.warnings().forEach(w -> err.println("warning: " + w));
        int count = e.problems().size();
        e.problems().stream().limit(MAX_PROBLEM_LINES).forEach(p -> err.println(p.toString()));
        if (count > MAX_PROBLEM_LINES) {
            err.println(String.format(Locale.ROOT, "... and %,d more; fix these and validate again", count - MAX_PROBLEM_LINES));
        }
        err.println(String.format(Locale.ROOT, last, file, count,
                count == 1 ? "" : "s"));
        return e.connectionFailure() ? ExitCodes.CONNECTION_FAILURE : ExitCodes.INVALID_CONFIG;
    }

    /**
     * The step table, the first failures, then one outcome line, printed in one piece: a stop's or a
     * server's warning printed meanwhile by another thread goes before or after it, never inside.
     */
    static void summary(RunResult result, PrintStream console) {
        summary(result, console, false);
    }

    /** As {@link #summary(RunResult, PrintStream)}; with {@code debug}, the log has the details beyond the first ten. */
    static void summary(RunResult result, PrintStream console, boolean debug) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            summary(result, out, debug ? LOGGED : NOT_KEPT);
        }
        console.print(text);
        console.flush();
    }

    private static void summary(RunResult result, PrintWriter out, String rest) {
        boolean updates = result.steps().stream().anyMatch(s -> s.updatedRecords() > 0);
        // Only when a sink's output was not kept: what it had written then is not among its records.
        boolean discards = result.steps().stream().anyMatch(s -> s.discarded() > 0);
        out.printf(Locale.ROOT, "%-24s %9s%s %9s %9s %9s%s%n", "step", "records", updates ? String.format(Locale.ROOT, " %9s", "updated") : "",
                "warnings", "filtered", "errors", discards ? String.format(Locale.ROOT, " %9s", "discarded") : "");
        for (StepSummary step : result.steps()) {
            out.printf(Locale.ROOT, "%-24s %9d%s %9d %9d %9d%s%n", step.name(), step.records(),
                    updates ? String.format(Locale.ROOT, " %9d", step.updatedRecords()) : "",
                    step.warnings(), step.filtered(), step.errors(),
                    discards ? String.format(Locale.ROOT, " %9d", step.discarded()) : "");
        }
        for (StepSummary step : result.steps()) {
            for (String warning : step.warningDetails()) {
                out.println("warning [" + step.name() + "] " + TerminalText.oneLine(warning));
            }
            if (step.warnings() > step.warningDetails().size()) {
                out.println("        [" + step.name() + "] ... and " + (step.warnings() - step.warningDetails().size())
                        + " more warnings" + rest);
            }
            for (StepError failure : step.failures()) {
                // The error that ended the run is counted on its step; the outcome line below says it once.
                if (result.fatalError() == null || !result.fatalError().equals(failure.error())) {
                    out.println("failed  [" + step.name() + "] " + TerminalText.oneLine(failure.name() + ": " + failure.error()));
                } else if (!failure.name().equals(step.name())) {
                    // What the run ended on (a record a destination went away under, a listing the source could not
                    // read): named here, the cause said below. Only a record past the source is one not written.
                    out.println("failed  [" + step.name() + "] " + TerminalText.oneLine(failure.name())
                            + (step == result.steps().get(0) ? "" : ": not written") + ", the run ended on it (below)");
                }
            }
            if (step.errors() > step.failures().size()) {
                out.println("        [" + step.name() + "] ... and " + (step.errors() - step.failures().size())
                        + " more failures" + rest);
            }
        }
        if (result.testResults() != null) {
            out.println(result.testsLine());
        }
        out.println(TerminalText.oneLine(outcome(result)));
    }

    /**
     * One line that says how the run ended and what it left: {@code success}, {@code partial
     * success} with its rate and threshold, or {@code failed} with the reason.
     */
    static String outcome(RunResult result) {
        String rate = String.format(Locale.ROOT, "success rate %.2f%%, threshold %d%%", result.success(),
                result.successThreshold());
        String written = result.outputs().stream().map(Printer::written).reduce((a, b) -> a + "; " + b).orElse("");
        return result.sourceType() + ": " + switch (result.state()) {
            case SUCCESS -> "success" + (written.isEmpty() ? "" : " - " + written);
            case PARTIAL_SUCCESS -> "partial success (" + rate + ")" + (written.isEmpty() ? "" : " - " + written);
            default -> "failed - " + (result.fatalError() != null ? result.fatalError() : rate + ": below the threshold")
                    + (written.isEmpty() ? "" : "; " + written);
        };
    }

    private static String written(SinkOutput output) {
        if (output.kept()) {
            return output.records() + " record" + (output.records() == 1 ? "" : "s") + " written to " + output.destination();
        }
        return "no records kept: " + output.leftAsItWas();
    }

    /** The exit code of a finished run: the one its report holds, decided by how it ended ({@link RunResult#endedBy()}). */
    static int exitCode(RunResult result) {
        return result.exitCode() != null ? result.exitCode() : ExitCodes.FAILED;
    }
}
