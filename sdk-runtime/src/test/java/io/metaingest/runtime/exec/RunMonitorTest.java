package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.Status;
import io.metaingest.runtime.Mappers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunMonitorTest {

    @Test
    void progressLineShowsRecordsAndFailuresPerStepAndEndsWithANewline() {
        Map<String, StepTally> statuses = new LinkedHashMap<>();
        Status source = new Status();
        source.recordOk();
        source.recordOk();
        source.failed(new io.metaingest.api.StepError("x", "y", null));
        statuses.put("postgres", new StepTally(source));
        statuses.put("file", new StepTally(new Status()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunMonitor monitor = new RunMonitor(statuses, new PrintStream(out, true, StandardCharsets.UTF_8), false,
                new RunReportWriter(Optional.empty(), Mappers.standard(), io.metaingest.runtime.mask.SecretMasker.NONE), () -> null);
        monitor.drawProgress();
        monitor.close();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith("\r").endsWith(System.lineSeparator());
        assertThat(printed).containsPattern("postgres 2 \\(\\d+/s, 1 failed\\)").contains("file 0 (");
    }

    @Test
    void aShorterFrameCoversTheLongerOneBeforeIt() {
        Map<String, StepTally> statuses = new LinkedHashMap<>();
        statuses.put("postgres", new StepTally(new Status()));
        statuses.put("metadata-rest", new StepTally(new Status()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunMonitor monitor = new RunMonitor(statuses, new PrintStream(out, true, StandardCharsets.UTF_8), false,
                new RunReportWriter(Optional.empty(), Mappers.standard(), io.metaingest.runtime.mask.SecretMasker.NONE), () -> null);
        monitor.drawProgress();
        int first = out.size();
        statuses.remove("metadata-rest");
        monitor.drawProgress();

        String second = out.toString(StandardCharsets.UTF_8).substring(first);
        assertThat(second).startsWith("\rpostgres 0 (").hasSize(first).endsWith(" ");
    }

    @Test
    void silentWhenNothingWasDrawn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RunMonitor(Map.of(), new PrintStream(out), false, new RunReportWriter(Optional.empty(), Mappers.standard(), io.metaingest.runtime.mask.SecretMasker.NONE),
                () -> null).close();
        assertThat(out.size()).isZero();
    }
}
