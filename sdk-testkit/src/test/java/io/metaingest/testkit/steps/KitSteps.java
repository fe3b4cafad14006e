package io.metaingest.testkit.steps;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.Result;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.StepProvider;
import io.metaingest.api.StepSpec;
import io.metaingest.api.Processor;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step-only plugins for the tests of {@code StepKit}: a good one (a processor and a sink over words),
 * and one per check with that check's mistake. A record {@value #BAD} is one they cannot handle.
 */
public final class KitSteps {

    /** The record no step here can handle. */
    public static final String BAD = "!";

    private static final String EMPTY = "/schemas/step/kit-steps-empty.json";
    private static final String SINK_SCHEMA = "/schemas/step/kit-steps-sink.json";

    private KitSteps() {
    }

    /** Declares a processor of words that takes no settings. */
    private static StepSpec<?> wordProcessor(String type, Class<? extends Processor<String, ?>> stepClass) {
        return StepSpec.processor(type, stepClass, String.class, NoConfig.class, EMPTY);
    }

    /** Declares a sink of words with the sinks' settings ({@link SinkConfig}). */
    private static StepSpec<?> wordSink(String type, Class<? extends Sink<String>> stepClass) {
        return StepSpec.sink(type, stepClass, String.class, SinkConfig.class, SINK_SCHEMA);
    }

    /** No settings. */
    public record NoConfig() {
    }

    /** A sink's settings. */
    public record SinkConfig(io.metaingest.api.Secret apiKey) {
    }

    /** Upper-cases a word; fails {@value #BAD}. */
    public static class Upper implements Processor<String, String> {
        /** Created by the runtime. */
        @Inject
        public Upper() {
        }

        @Override
        public Stream<Result<String>> process(String word) throws Exception {
            return BAD.equals(word) ? Stream.of(Result.failed(word, "not a word")) : Stream.of(Result.ok(word.toUpperCase()));
        }
    }

    /** Counts what it is given; fails {@value #BAD}. */
    public static class Tally implements Sink<String> {
        /** The records written, for the broken sinks' confirmed counts. */
        protected long accepted;

        /** Created by the runtime. */
        @Inject
        public Tally(SinkConfig config) {
        }

        @Override
        public WriteOutcome write(String word) throws Exception {
            if (BAD.equals(word)) {
                throw new IllegalArgumentException("cannot write '" + word + "'");
            }
            accepted++;
            return WriteOutcome.CREATED;
        }
    }

    /** The good plugin. */
    public static class Good implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-upper", Upper.class),
                    wordSink("kit-tally", Tally.class));
        }
    }

    /** A provider discovery cannot create: no public no-argument constructor, not in the marker. */
    public static class Undiscoverable extends Good {
        /** Needs an argument. */
        public Undiscoverable(String name) {
        }
    }

    /** Drops {@code skip} without a word. */
    public static class Silent extends Upper {
        /** Created by the runtime. */
        @Inject
        public Silent() {
        }

        @Override
        public Stream<Result<String>> process(String word) throws Exception {
            return "skip".equals(word) ? Stream.empty() : super.process(word);
        }
    }

    /** A processor that drops {@code skip} silently. */
    public static class SilentProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-silent", Silent.class));
        }
    }

    /** Returns null for {@code skip}. */
    public static class Nulls extends Upper {
        /** Created by the runtime. */
        @Inject
        public Nulls() {
        }

        @Override
        public Stream<Result<String>> process(String word) throws Exception {
            return "skip".equals(word) ? null : super.process(word);
        }
    }

    /** A processor that returns null for {@code skip}. */
    public static class NullsProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-nulls", Nulls.class));
        }
    }

    /** Declares String, emits each word's length (through an unchecked cast, as a raw type would let it); fails {@value #BAD}. */
    public static class Lengths implements Processor<String, String> {
        /** Created by the runtime. */
        @Inject
        public Lengths() {
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Stream<Result<String>> process(String word) {
            return BAD.equals(word) ? Stream.of(Result.failed(word, "not a word")) : Stream.of((Result) Result.ok(word.length()));
        }
    }

    /** A processor that emits what it does not declare. */
    public static class LengthsProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-lengths", Lengths.class));
        }
    }

    /** Ends the run on {@value #BAD}, as if its service were gone. */
    public static class Fatal extends Upper {
        /** Created by the runtime. */
        @Inject
        public Fatal() {
        }

        @Override
        public Stream<Result<String>> process(String word) throws Exception {
            if (BAD.equals(word)) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot handle '" + word + "'");
            }
            return super.process(word);
        }
    }

    /** A processor that ends the run on a record it cannot handle. */
    public static class FatalProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-fatal", Fatal.class));
        }
    }

    /** Filters {@value #BAD} instead of failing it. */
    public static class Lenient extends Upper {
        /** Created by the runtime. */
        @Inject
        public Lenient() {
        }

        @Override
        public Stream<Result<String>> process(String word) throws Exception {
            return BAD.equals(word) ? Stream.of(Result.filtered(word, "odd")) : super.process(word);
        }
    }

    /** A processor that records no failure for a record it cannot handle. */
    public static class LenientProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordProcessor("kit-lenient", Lenient.class));
        }
    }

    /** Confirms one more than it accepted. */
    public static class Boastful extends Tally {
        /** Created by the runtime. */
        @Inject
        public Boastful(SinkConfig config) {
            super(config);
        }

        @Override
        public long confirmed() {
            return accepted + 1;
        }
    }

    /** A sink whose confirmed count exceeds what it accepted. */
    public static class BoastfulProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordSink("kit-boastful", Boastful.class));
        }
    }

    /** Buffers and never confirms the last record, even once flushed. */
    public static class Laggard extends Tally {
        /** Created by the runtime. */
        @Inject
        public Laggard(SinkConfig config) {
            super(config);
        }

        @Override
        public long confirmed() {
            return Math.max(0, accepted - 1);
        }
    }

    /** A sink whose confirmed count never reaches what it accepted. */
    public static class LaggardProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordSink("kit-laggard", Laggard.class));
        }
    }

    /** Says the destination is gone on {@value #BAD}. */
    public static class Brittle extends Tally {
        /** Created by the runtime. */
        @Inject
        public Brittle(SinkConfig config) {
            super(config);
        }

        @Override
        public WriteOutcome write(String word) throws Exception {
            if (BAD.equals(word)) {
                throw new SinkUnavailableException("destination refused '" + word + "'");
            }
            return super.write(word);
        }
    }

    /** A sink that ends the run on a record it cannot write. */
    public static class BrittleProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordSink("kit-brittle", Brittle.class));
        }
    }

    /** Logs its key. */
    public static class Chatty extends Tally {
        private static final Logger LOG = LoggerFactory.getLogger(Chatty.class);

        /** Created by the runtime. */
        @Inject
        public Chatty(SinkConfig config) {
            super(config);
            LOG.info("connecting with key {}", config.apiKey() == null ? null : config.apiKey().reveal());
        }
    }

    /** A sink that logs the secret of its config. */
    public static class ChattyProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(wordSink("kit-chatty", Chatty.class));
        }
    }

    // ---------------------------------------------------------------- two-phase steps

    /** The record the bulk sinks here cannot load (their stage stages it). */
    public static final String UNLOADABLE = "?";

    private static final String PHASE_SCHEMA = "/schemas/step/kit-steps-phase.json";

    /** Where a stage writes and its bulk sink reads. */
    public record PhaseConfig(String path) {
    }

    /** Stages words as lines of its file, which it empties when created; fails {@value #BAD}. */
    public static class Shelve implements io.metaingest.api.Stage<String> {
        private final java.nio.file.Path path;

        /** Created by the runtime. */
        @Inject
        public Shelve(PhaseConfig config) throws java.io.IOException {
            this.path = where(config);
            java.nio.file.Files.deleteIfExists(path);
        }

        /** The file it writes. */
        protected java.nio.file.Path where(PhaseConfig config) {
            return java.nio.file.Path.of(config.path());
        }

        @Override
        public void stage(String word) throws Exception {
            if (BAD.equals(word)) {
                throw new IllegalArgumentException("cannot stage '" + word + "'");
            }
            java.nio.file.Files.writeString(path, word + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Loads the staged words upper-cased, one result each; fails {@value #UNLOADABLE}. */
    public static class Unshelve implements io.metaingest.api.BulkSink<String> {
        /** The staged file. */
        protected final java.nio.file.Path path;

        /** Created by the runtime. */
        @Inject
        public Unshelve(PhaseConfig config) {
            this.path = java.nio.file.Path.of(config.path());
        }

        @Override
        public Stream<Result<String>> load() throws Exception {
            List<String> staged = java.nio.file.Files.exists(path) ? java.nio.file.Files.readAllLines(path) : List.of();
            return staged.stream().map(w -> UNLOADABLE.equals(w) ? Result.<String>failed(w, "cannot load '" + w + "'")
                    : Result.ok(w.toUpperCase()));
        }

        @Override
        public boolean complete(boolean keep) throws Exception {
            java.nio.file.Files.deleteIfExists(path);
            return keep;
        }
    }

    /** A good stage and its bulk sink. */
    public static class GoodPhases implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(StepSpec.stage("kit-shelve", Shelve.class, String.class, PhaseConfig.class, PHASE_SCHEMA),
                    StepSpec.bulkSink("kit-unshelve", Unshelve.class, PhaseConfig.class, PHASE_SCHEMA));
        }
    }

    /** Writes beside the file its bulk sink reads: the defect. */
    public static class Misplaced extends Shelve {
        /** Created by the runtime. */
        @Inject
        public Misplaced(PhaseConfig config) throws java.io.IOException {
            super(config);
        }

        @Override
        protected java.nio.file.Path where(PhaseConfig config) {
            return java.nio.file.Path.of(config.path() + ".elsewhere");
        }
    }

    /** A stage whose bulk sink never sees what it stages. */
    public static class MisplacedProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(StepSpec.stage("kit-misplaced", Misplaced.class, String.class, PhaseConfig.class, PHASE_SCHEMA),
                    StepSpec.bulkSink("kit-reader", Unshelve.class, PhaseConfig.class, PHASE_SCHEMA));
        }
    }

    /** Throws from load() on {@value #UNLOADABLE}, ending the run: the defect. */
    public static class Crashing extends Unshelve {
        /** Created by the runtime. */
        @Inject
        public Crashing(PhaseConfig config) {
            super(config);
        }

        @Override
        public Stream<Result<String>> load() throws Exception {
            if (java.nio.file.Files.exists(path) && java.nio.file.Files.readAllLines(path).contains(UNLOADABLE)) {
                throw new IllegalStateException("cannot load '" + UNLOADABLE + "'");
            }
            return super.load();
        }
    }

    /** A bulk sink whose load fails as a whole on one record it cannot load. */
    public static class CrashingProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(StepSpec.stage("kit-feeder", Shelve.class, String.class, PhaseConfig.class, PHASE_SCHEMA),
                    StepSpec.bulkSink("kit-crashing", Crashing.class, PhaseConfig.class, PHASE_SCHEMA));
        }
    }

    /** Loads what was staged but returns no result for it: the defect. */
    public static class Mute extends Unshelve {
        /** Created by the runtime. */
        @Inject
        public Mute(PhaseConfig config) {
            super(config);
        }

        @Override
        public Stream<Result<String>> load() throws Exception {
            super.load().forEach(r -> { });
            return Stream.empty();
        }
    }

    /** A bulk sink that does not tell the run what it loaded. */
    public static class MuteProvider implements StepProvider {
        @Override
        public List<StepSpec<?>> steps() {
            return List.of(StepSpec.stage("kit-stager", Shelve.class, String.class, PhaseConfig.class, PHASE_SCHEMA),
                    StepSpec.bulkSink("kit-mute", Mute.class, PhaseConfig.class, PHASE_SCHEMA));
        }
    }
}
