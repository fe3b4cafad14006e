package io.metaingest.runtime.testing;

import io.metaingest.api.BulkSink;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.Stage;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/** Step types for the runtime's own tests, contributed like a plugin's. */
public final class TestSteps implements StepProvider {

    /** Puts back the steps' static hooks and empties what they recorded: a test's settings are not left to the next. */
    public static void reset() {
        SuffixProcessor.beforeProcess = n -> { };
        PublishingBulkSink.beforePublish = n -> { };
        PublishingBulkSink.PUBLISHED.clear();
        RecordingSink.beforeWrite = n -> { };
        RecordingSink.WRITTEN.clear();
        DeletingSink.beforeDelete = n -> { };
        DeletingSink.asksStop = true;
        DeletingSink.DELETED.clear();
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(
                StepSpec.processor("suffix", SuffixProcessor.class, EntityRequest.class, NoConfig.class,
                        "/schemas/sink/console.json"),
                StepSpec.stage("collect", CollectStage.class, Object.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.processor("stuck-processor", StuckProcessor.class, EntityRequest.class, NoConfig.class,
                        "/schemas/sink/console.json"),
                StepSpec.stage("stuck-stage", StuckStage.class, Object.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.stage("close-fails", CloseFailsStage.class, Object.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.bulkSink("load", LoadBulkSink.class, LoadConfig.class, "/schemas/testing/load.json"),
                StepSpec.bulkSink("publishing", PublishingBulkSink.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.sink("buffering", BufferingSink.class, Object.class, BufferingConfig.class,
                        "/schemas/testing/buffering.json"),
                StepSpec.sink("recording", RecordingSink.class, Object.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.sink("deleting", DeletingSink.class, Object.class, NoConfig.class, "/schemas/sink/console.json"),
                StepSpec.sink("waiting", WaitingSink.class, Object.class, NoConfig.class, "/schemas/sink/console.json"));
    }

    /** The settings of the steps that take none. */
    public record NoConfig() {
    }

    /**
     * Where the bulk sink writes what it loaded.
     *
     * @param path a file, one line per record
     */
    public record LoadConfig(String path) {
    }

    /** What the stage collected, shared with the bulk sink of the same run. */
    @Singleton
    public static final class Collected {
        final List<Object> records = new ArrayList<>();

        @Inject
        public Collected() {
        }
    }

    /** Passes each entity on twice, and fails on the table of book b2. */
    public static final class SuffixProcessor implements Processor<EntityRequest, Object> {
        /** Called before each record is processed, with its number (from 1); set by a test. */
        public static volatile IntConsumer beforeProcess = n -> { };
        private int processed;

        @Inject
        public SuffixProcessor() {
        }

        @Override
        public Stream<Result<Object>> process(EntityRequest record) {
            beforeProcess.accept(++processed);
            if (record.key().endsWith(".b2")) {
                throw new IllegalArgumentException("no suffix for b2");
            }
            if (record.key().endsWith(".b4")) {
                return null; // a broken processor: no stream at all
            }
            if (record.key().endsWith(".b5")) {
                return Stream.of(Result.ok(record), null); // a broken processor: a null among its results
            }
            return Stream.of(Result.ok(record), Result.ok(record));
        }
    }

    /** Collects records in memory. */
    public static final class CollectStage implements Stage<Object> {
        private final Collected collected;

        @Inject
        public CollectStage(Collected collected) {
            this.collected = collected;
        }

        @Override
        public void stage(Object record) {
            collected.records.add(record);
        }
    }

    /**
     * A close that does not return, whatever interrupts it, until a test releases it ({@link #RELEASE}):
     * a pool waiting for a connection that is never given back.
     */
    public static final class StuckClose {
        /** Counted down by a test's clean-up, so no stuck thread outlives it. */
        public static volatile java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

        private StuckClose() {
        }

        static void block() {
            while (true) {
                try {
                    RELEASE.await();
                    return;
                } catch (InterruptedException e) {
                    // Ignored, as a careless pool does: only the runtime's bound ends the wait.
                }
            }
        }
    }

    /** Passes each entity on; its close never returns. */
    public static final class StuckProcessor implements Processor<EntityRequest, Object> {
        @Inject
        public StuckProcessor() {
        }

        @Override
        public Stream<Result<Object>> process(EntityRequest record) {
            return Stream.of(Result.ok(record));
        }

        @Override
        public void close() {
            StuckClose.block();
        }
    }

    /** Stages nothing; its close (where a stage writes its files) never returns. */
    public static final class StuckStage implements Stage<Object> {
        @Inject
        public StuckStage() {
        }

        @Override
        public void stage(Object record) {
        }

        @Override
        public void close() {
            StuckClose.block();
        }
    }

    /** Stages nothing and fails to write its files when closed, as on a full disk; counts its closes. */
    public static final class CloseFailsStage implements Stage<Object> {
        /** How many times a run closed one. */
        public static final java.util.concurrent.atomic.AtomicInteger CLOSES = new java.util.concurrent.atomic.AtomicInteger();

        @Inject
        public CloseFailsStage() {
        }

        @Override
        public void stage(Object record) {
        }

        @Override
        public void close() throws IOException {
            CLOSES.incrementAndGet();
            throw new IOException("No space left on device");
        }
    }

    /** Loads what was collected, writing each record's key to its file. */
    public static final class LoadBulkSink implements BulkSink<Object> {
        private final Collected collected;
        private final Path path;

        @Inject
        public LoadBulkSink(Collected collected, LoadConfig config) {
            this.collected = collected;
            this.path = Path.of(config.path());
        }

        @Override
        public Stream<Result<Object>> load() throws IOException {
            Files.write(path, collected.records.stream().map(String::valueOf).toList());
            return collected.records.stream().map(Result::ok);
        }

        @Override
        public String destination() {
            return path.toString();
        }
    }

    /**
     * A bulk sink that publishes each staged record as its stream is taken, to a destination whose writes stay (a
     * server's), as {@code metadata-usage} does. Before each it calls {@link #beforePublish} with its number (from 1).
     */
    public static final class PublishingBulkSink implements BulkSink<Object> {
        /** What reached the destination. */
        public static final List<Object> PUBLISHED = Collections.synchronizedList(new ArrayList<>());
        /** Called before each record is published; set by a test. */
        public static volatile IntConsumer beforePublish = n -> { };
        private final Collected collected;

        @Inject
        public PublishingBulkSink(Collected collected) {
            this.collected = collected;
        }

        @Override
        public Stream<Result<Object>> load() {
            java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
            return collected.records.stream().map(record -> {
                beforePublish.accept(published.incrementAndGet());
                PUBLISHED.add(record);
                return Result.ok(record);
            });
        }

        @Override
        public boolean writesAreFinal() {
            return true;
        }

        @Override
        public String destination() {
            return "publishing";
        }
    }

    /**
     * How the buffering sink misbehaves.
     *
     * @param unavailableAt the record (1-based) at which the destination becomes unavailable; 0 never
     * @param flushFails whether flushing finds the destination unavailable
     * @param publishFails whether keeping the output at the end of the run finds the destination unavailable
     * @param warnEvery every how many records the sink records a warning in its own status; 0 never
     * @param finalWrites whether what it confirmed stays whatever the run's end, as an API's writes do
     */
    public record BufferingConfig(Integer unavailableAt, Boolean flushFails, Boolean publishFails, Integer warnEvery,
                                  Boolean finalWrites) {
    }

    /** A sink that keeps records in memory and confirms them only when flushed, like a buffering writer. */
    public static final class BufferingSink implements Sink<Object> {
        private final AtomicLong confirmed = new AtomicLong();
        private final int unavailableAt;
        private final boolean flushFails;
        private final boolean publishFails;
        private final int warnEvery;
        private final boolean finalWrites;
        private final Status own;
        private int accepted;

        @Inject
        public BufferingSink(BufferingConfig config, @OwnStatus Status own) {
            this.own = own;
            this.warnEvery = config.warnEvery() == null ? 0 : config.warnEvery();
            this.unavailableAt = config.unavailableAt() == null ? 0 : config.unavailableAt();
            this.flushFails = Boolean.TRUE.equals(config.flushFails());
            this.publishFails = Boolean.TRUE.equals(config.publishFails());
            this.finalWrites = Boolean.TRUE.equals(config.finalWrites());
        }

        @Override
        public boolean writesAreFinal() {
            return finalWrites;
        }

        @Override
        public WriteOutcome write(Object record) {
            if (++accepted == unavailableAt) {
                throw new SinkUnavailableException("cannot write /full/disk.ndjson: No space left on device");
            }
            if (warnEvery > 0 && accepted % warnEvery == 0) {
                own.warning("record " + accepted, "written in part");
            }
            if (accepted % 2 == 0) {
                confirmed.set(accepted - 1); // every other record, the previous ones reach the destination
            }
            return WriteOutcome.CREATED;
        }

        @Override
        public long confirmed() {
            return confirmed.get();
        }

        @Override
        public void flush() {
            if (flushFails) {
                throw new SinkUnavailableException("cannot write /full/disk.ndjson: I/O error");
            }
            confirmed.set(accepted);
        }

        @Override
        public boolean complete(boolean keep) {
            if (keep && publishFails) {
                throw new SinkUnavailableException("cannot publish /full/disk.ndjson: I/O error");
            }
            return keep || finalWrites;
        }
    }

    /**
     * A sink whose destination is {@link #WRITTEN}: each record is there once its write returns.
     * Before each write it calls {@link #beforeWrite} with the write's number (from 1), so a test can
     * act while a write is in progress.
     */
    public static final class RecordingSink implements Sink<Object> {
        /** What reached the destination. */
        public static final List<Object> WRITTEN = Collections.synchronizedList(new ArrayList<>());
        /** Called before each write; set by a test. */
        public static volatile IntConsumer beforeWrite = n -> { };
        private int writes;

        @Inject
        public RecordingSink() {
        }

        @Override
        public WriteOutcome write(Object record) {
            beforeWrite.accept(++writes);
            WRITTEN.add(record);
            return WriteOutcome.CREATED;
        }
    }

    /**
     * A sink whose {@link #complete} makes {@value #DELETIONS} changes at the destination (as
     * metadata-rest's deletions), checking the run's {@link StopSignal} before each. Before each it
     * calls {@link #beforeDelete} with the change's number (from 1).
     */
    public static final class DeletingSink implements Sink<Object> {
        /** How many changes {@link #complete} makes when not stopped. */
        public static final int DELETIONS = 10;
        /** The changes made. */
        public static final List<Integer> DELETED = Collections.synchronizedList(new ArrayList<>());
        /** Called before each change; set by a test. */
        public static volatile IntConsumer beforeDelete = n -> { };
        /** Whether it asks the stop before each change; a sink that does not finishes its completion whole. */
        public static volatile boolean asksStop = true;
        private final StopSignal stop;
        private final Status own;

        @Inject
        public DeletingSink(StopSignal stop, @OwnStatus Status own) {
            this.stop = stop;
            this.own = own;
        }

        @Override
        public WriteOutcome write(Object record) {
            return WriteOutcome.CREATED;
        }

        @Override
        public boolean complete(boolean keep) {
            for (int n = 1; keep && n <= DELETIONS; n++) {
                if (asksStop && stop.stopRequested()) {
                    own.warning("deletions", "stopped with " + (DELETIONS - n + 1) + " left");
                    break;
                }
                beforeDelete.accept(n);
                DELETED.add(n);
            }
            return true;
        }
    }

    /**
     * A sink whose constructor waits for its server, which never answers (as metadata-rest's version check against
     * a silent host), until its thread is interrupted.
     */
    public static final class WaitingSink implements Sink<Object> {
        /** Counted down once the constructor waits. */
        public static volatile java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);

        @Inject
        public WaitingSink() throws InterruptedException {
            waiting.countDown();
            new java.util.concurrent.CountDownLatch(1).await(10, java.util.concurrent.TimeUnit.MINUTES);
        }

        @Override
        public WriteOutcome write(Object record) {
            return WriteOutcome.CREATED;
        }
    }
}
