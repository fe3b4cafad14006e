package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The run's summary: what it lists, and that it says when it lists only some. */
class PrinterTest {

    @Test
    void warningsBeyondTheListedOnesAreCountedNotDropped() {
        List<String> first = IntStream.range(0, 10).mapToObj(i -> "table t" + i + " has no columns").toList();
        StepSummary step = new StepSummary("postgres", 48, 0, 48, 0, 0, 100.0, List.of(), first, List.of());
        RunResult result = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "pg", "postgres", RunState.SUCCESS,
                100.0, 90, Instant.EPOCH, Instant.EPOCH, null, false, List.of(step), List.of(), List.of(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Printer.summary(result, new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.startsWith("warning [postgres]"))).hasSize(10);
        assertThat(printed).contains("[postgres] ... and 38 more warnings (the report keeps the first 10 too; run with"
                + " --debug to log every one)");
    }

    /** The failures beyond the listed ones say where they are: not in the report, which keeps the same ten. */
    @Test
    void failuresBeyondTheListedOnesSayWhereTheRestAre() {
        List<io.metaingest.api.StepError> first = IntStream.range(0, 10)
                .mapToObj(i -> new io.metaingest.api.StepError("t" + i + (i == 0 ? "\u001b]0;pwned\u0007\nx" : ""),
                        "no such table", null)).toList();
        StepSummary step = new StepSummary("postgres", 3, 0, 0, 17, 0, 15.0, first, List.of(), List.of());
        RunResult result = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "pg", "postgres", RunState.FAILED,
                15.0, 90, Instant.EPOCH, Instant.EPOCH, null, false, List.of(step), List.of(), List.of(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Printer.summary(result, new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.startsWith("failed  [postgres]"))).hasSize(10);
        // A name that holds control characters stays on its line and cannot retitle the terminal.
        assertThat(printed).contains("failed  [postgres] t0\\x1b]0;pwned\\x07\\nx: no such table");
        assertThat(printed).contains("[postgres] ... and 7 more failures (the report keeps the first 10 too; run with"
                + " --debug to log every one)").doesNotContain("see the run report");

        ByteArrayOutputStream debug = new ByteArrayOutputStream();
        Printer.summary(result, new PrintStream(debug, true, StandardCharsets.UTF_8), true);
        assertThat(debug.toString(StandardCharsets.UTF_8)).contains("[postgres] ... and 7 more failures (the report"
                + " keeps the first 10 too; the DEBUG log above has every one)").doesNotContain("run with --debug");
    }

    /** The record a destination refused as it went away is named once; the cause is the last line's. */
    @Test
    void theRecordTheRunEndedOnIsNamedWithoutRepeatingTheCause() {
        String gone = "OpenMetadata at http://om:8585/api stopped answering";
        StepSummary source = new StepSummary("postgres", 14, 0, 0, 0, 0, 100.0, List.of(), List.of(), List.of());
        StepSummary sink = new StepSummary("metadata-rest", 13, 0, 0, 1, 0, 92.86,
                List.of(new io.metaingest.api.StepError("pg.shop.public.orders", gone, null)), List.of(), List.of());
        RunResult ended = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "pg", "postgres", RunState.FAILED,
                96.4, 90, Instant.EPOCH, Instant.EPOCH, gone, true, List.of(source, sink), List.of(), List.of(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Printer.summary(ended, new PrintStream(out, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("failed  [metadata-rest] pg.shop.public.orders: not written, the run ended on it"
                + " (below)\n");
        assertThat(printed.split(gone, -1)).as("the cause once, on the last line").hasSize(2);
    }

    /** What a source could not read, which ended the run, is named as such: it is no record that was not written. */
    @Test
    void theListingASourceEndedOnIsNotCalledARecordNotWritten() {
        String cause = "could not list connectors of group g1 (Production): GET /v1/groups/g1/connections: HTTP 500";
        StepSummary source = new StepSummary("fivetran", 569, 0, 0, 1, 0, 99.8,
                List.of(new io.metaingest.api.StepError("group g1 (Production) connectors", cause, null)), List.of(), List.of());
        RunResult ended = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "ft", "fivetran", RunState.FAILED,
                99.8, 90, Instant.EPOCH, Instant.EPOCH, cause, false, List.of(source), List.of(), List.of(), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Printer.summary(ended, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("failed  [fivetran] group g1 (Production) connectors, the run ended on it (below)\n")
                .doesNotContain("not written");
    }

    /** A sink whose output was not kept shows what it had written as discarded, not as records. */
    @Test
    void aDiscardedOutputIsItsOwnColumnOnlyWhenThereIsOne() {
        StepSummary source = new StepSummary("postgres", 6316, 0, 0, 0, 0, 100.0, List.of(), List.of(), List.of());
        StepSummary sink = new StepSummary("file", 6316, 0, 0, 0, 0, 100.0, List.of(), List.of(), List.of()).discardingWritten();
        RunResult stopped = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "pg", "postgres", RunState.FAILED,
                100.0, 90, Instant.EPOCH, Instant.EPOCH, "interrupted", false, List.of(source, sink), List.of(), List.of(),
                null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        Printer.summary(stopped, new PrintStream(out, true, StandardCharsets.UTF_8));

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).endsWith("errors discarded");
        assertThat(lines.get(1).split(" +")).containsExactly("postgres", "6316", "0", "0", "0", "0");
        assertThat(lines.get(2).split(" +")).containsExactly("file", "0", "0", "0", "0", "6316");

        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        Printer.summary(new RunResult(null, "pg", "postgres", RunState.SUCCESS, 100.0, 90, Instant.EPOCH, Instant.EPOCH,
                null, false, List.of(source), List.of(), List.of(), null, null), new PrintStream(kept, true, StandardCharsets.UTF_8));
        assertThat(kept.toString(StandardCharsets.UTF_8)).doesNotContain("discarded");
    }
}
