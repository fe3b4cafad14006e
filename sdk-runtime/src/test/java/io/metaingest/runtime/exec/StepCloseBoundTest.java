package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.testing.TestSteps;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step whose {@code close()} never returns (made short here: 300 ms instead of 60 s): that step has
 * failed, named in the report and on the messages stream; the run still commits what reached its
 * destination and ends, and the stuck thread cannot keep the JVM alive.
 */
@Timeout(60) // without the bound, a close that never returns would hold the test for ever
class StepCloseBoundTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @AfterEach
    void releaseStuckCloses() {
        TestSteps.StuckClose.RELEASE.countDown();
        TestSteps.StuckClose.RELEASE = new CountDownLatch(1);
    }

    private RunResult run(String hostPort, String steps, int threshold) throws Exception {
        Path file = Files.writeString(dir.resolve("wf.yaml"), """
                source:
                  type: shelf
                  serviceName: shelf_service
                  serviceConnection:
                    config: {type: Shelf, hostPort: "%s", books: [a, b, c, d, e, f]}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                %s
                workflowConfig:
                  successThreshold: %d
                """.formatted(hostPort, steps, threshold));
        Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new ShelfSpec(), new TestSteps()), Mappers.standard(),
                Clock.systemUTC(), Map.<String, String>of()::get).withStepCloseBound(Duration.ofMillis(300));
        return runtime.ingest(runtime.load(file), new Metaingest.IngestOptions(Optional.of(dir.resolve("report.json")),
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(messages, true, StandardCharsets.UTF_8),
                false, false));
    }

    private String fileSink() {
        return "sink: {type: file, config: {path: \"" + dir.resolve("out.ndjson") + "\"}}";
    }

    @Test
    void aSourceWhoseCloseNeverReturnsFailsAndTheSinkStillCommits() throws Exception {
        RunResult result = run("stuck-close:1", fileSink(), 80);

        String message = "source shelf close() did not return within 300 ms; the connector's close must not block";
        assertThat(result.steps().get(0).failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("shelf");
            assertThat(f.error()).isEqualTo(message);
            assertThat(f.stackTrace()).contains("ShelfSource.close");
        });
        // source: 8 read, 1 failure (88.89); file: 100: above 80, so the records are kept.
        assertThat(result.state()).isEqualTo(RunState.PARTIAL_SUCCESS);
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isTrue());
        assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).hasSize(8);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("warning: " + message + "\n");
        assertThat(Files.readString(dir.resolve("report.json"))).contains(message);
        // The stuck close is on a daemon thread: it cannot keep the process from exiting.
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("metaingest-close-source-shelf"))
                .isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    }

    @Test
    void belowTheThresholdTheStuckCloseFailsTheRunAndTheFileIsLeftAsItWas() throws Exception {
        RunResult result = run("stuck-close:1", fileSink(), 95);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isFalse());
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    @Test
    void aProcessorWhoseCloseNeverReturnsIsThatProcessorsFailure() throws Exception {
        RunResult result = run("shelf:1", "processor: {type: stuck-processor}\n" + fileSink(), 80);

        assertThat(result.steps().get(1).name()).isEqualTo("stuck-processor");
        assertThat(result.steps().get(1).failures()).singleElement().satisfies(f -> assertThat(f.error()).isEqualTo(
                "processor stuck-processor close() did not return within 300 ms; the connector's close must not block"));
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isTrue());
        assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).hasSize(8);
    }

    @Test
    void aStageWhoseCloseNeverReturnsEndsTheRunBeforeTheBulkSinkLoadsWhatItStaged() throws Exception {
        RunResult result = run("shelf:1", "stage: {type: stuck-stage}\nbulkSink: {type: load, config: {path: \""
                + dir.resolve("loaded.txt") + "\"}}", 80);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo(
                "stage stuck-stage close() did not return within 300 ms; the connector's close must not block");
        assertThat(result.steps().get(1).failures()).singleElement()
                .satisfies(f -> assertThat(f.error()).isEqualTo(result.fatalError()));
        assertThat(dir.resolve("loaded.txt")).doesNotExist();
    }
}
