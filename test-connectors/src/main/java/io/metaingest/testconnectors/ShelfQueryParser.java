package io.metaingest.testconnectors;

import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.TableQuery;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

/**
 * The annex's own {@code query-parser} ({@link ShelfSpec.AnnexSpec}), as a connector that resolves
 * names on its server would bring: every query is attributed to the one table {@code <service>.resolved}.
 */
public final class ShelfQueryParser implements Processor<TableQuery, ParsedData> {

    /** The parser's settings: none. */
    public record Config() {
    }

    /** Created by the runtime's injector. */
    @Inject
    public ShelfQueryParser() {
    }

    @Override
    public Stream<Result<ParsedData>> process(TableQuery query) {
        String day = Instant.parse(query.analysisDate()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return Stream.of(Result.ok(new ParsedData(List.of(query.serviceName() + ".resolved"), query.query(),
                query.serviceName(), query.databaseName(), query.userName(), day, query.duration(),
                query.executions() == null ? 1L : query.executions())));
    }
}
