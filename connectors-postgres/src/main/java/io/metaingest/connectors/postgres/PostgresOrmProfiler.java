package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/**
 * Postgres's {@code orm-profiler}, the processor OpenMetadata's Profiler and AutoClassification
 * workflow files name (also as {@code tag-pii-processor}, the name OpenMetadata's server writes into
 * the AutoClassification workflows it deploys). The runtime hands a processor one record at a time, while
 * {@code threadCount} asks for tables profiled side by side, so the SQL runs in the sources
 * ({@link PostgresProfilerSource}, {@link PostgresAutoClassificationSource}) on parallel connections
 * and this step passes their table profiles, sample data and column tags on unchanged. A workflow
 * without a processor writes the same records.
 */
public final class PostgresOrmProfiler implements Processor<EntityRequest, EntityRequest> {

    /**
     * The processor's {@code config}: OpenMetadata's documented files give {@code {}}; per-table
     * settings ({@code tableConfig}) are not supported, sampling is set in {@code sourceConfig}.
     */
    public record Config() {
    }

    /** Created by the runtime's injector. */
    @Inject
    public PostgresOrmProfiler() {
    }

    @Override
    public Stream<Result<EntityRequest>> process(EntityRequest record) {
        return Stream.of(Result.ok(record));
    }
}
