package io.metaingest.benchmarks.synthetic;

import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Sink;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Small records for the runtime-overhead benchmark: a source of {@link Reading}s, a processor
 * applying the two transformations {@link #calibrate} and {@link #label} and a sink that discards.
 * A workflow names one {@code processor} (OpenMetadata's format), so the two transformations are
 * chained in that one step; the hand-written loop applies the same two functions.
 */
public final class ReadingsSpec implements ServiceSpec {

    /**
     * One small record.
     *
     * @param id its number
     * @param value a measurement
     */
    public record Reading(long id, long value) {
    }

    /**
     * The connection.
     *
     * @param records how many readings the source produces
     */
    public record ReadingsConnection(long records) {
    }

    /** A step's empty configuration. */
    public record NoConfig() {
    }

    @Override public String serviceType() { return "Readings"; }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<ReadingsConnection> connectionType() { return ReadingsConnection.class; }
    @Override public String connectionSchema() { return "/schemas/readingsConnection.json"; }
    @Override public List<StepSpec<?>> steps() {
        return List.of(
                StepSpec.source(SourceConfigType.DATABASE_METADATA, ReadingsSource.class),
                StepSpec.processor("calibrate-and-label", CalibrateAndLabel.class, Reading.class, NoConfig.class,
                        "/schemas/emptyStepConfig.json"),
                StepSpec.sink("discard", DiscardingSink.class, Reading.class, NoConfig.class,
                        "/schemas/emptyStepConfig.json"));
    }

    /** The first transformation. */
    public static Reading calibrate(Reading r) {
        return new Reading(r.id(), r.value() * 3 + 1);
    }

    /** The second transformation. */
    public static Reading label(Reading r) {
        return new Reading(r.id(), r.value() ^ r.id());
    }

    /** The reading number {@code i}. */
    public static Reading reading(long i) {
        return new Reading(i, i & 0xffff);
    }

    /** Readings 0..records-1. */
    public static final class ReadingsSource implements Source<Reading> {
        private final ReadingsConnection connection;

        @Inject
        public ReadingsSource(ReadingsConnection connection) {
            this.connection = connection;
        }

        @Override
        public Stream<Result<Reading>> read() {
            return LongStream.range(0, connection.records()).mapToObj(i -> Result.ok(reading(i)));
        }
    }

    /** Both transformations. */
    public static final class CalibrateAndLabel implements Processor<Reading, Reading> {
        @Inject
        public CalibrateAndLabel() {
        }

        @Override
        public Stream<Result<Reading>> process(Reading record) {
            return Stream.of(Result.ok(label(calibrate(record))));
        }
    }

    /** Keeps only the last record's value, so the JIT cannot drop the work. */
    public static final class DiscardingSink implements Sink<Reading> {
        /** Read by the benchmark after the run. */
        public static volatile long last;
        private long sum;

        @Inject
        public DiscardingSink() {
        }

        @Override
        public WriteOutcome write(Reading record) {
            sum += record.value();
            return WriteOutcome.CREATED;
        }

        @Override
        public void close() {
            last = sum;
        }
    }
}
