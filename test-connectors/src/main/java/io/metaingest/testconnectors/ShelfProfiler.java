package io.metaingest.testconnectors;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.entity.CreateTableRequest;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/**
 * The shelf's own {@code orm-profiler}, which a real connector would run through its own driver:
 * it says which connector profiled each table, so a test sees that each source got its own.
 */
public class ShelfProfiler implements Processor<CreateTableRequest, ShelfProfiler.Profiled> {

    /**
     * What the profiler emits: which connector profiled which table.
     *
     * @param by the connector
     * @param table the table's name
     */
    public record Profiled(String by, String table) implements EntityRequest {
        @Override
        public String entityType() {
            return "profiled";
        }

        @Override
        public String key() {
            return by + ": " + table;
        }
    }

    /** The profiler's settings: none. */
    public record Config() {
    }

    private final String by;

    /** Created by the runtime's injector. */
    @Inject
    public ShelfProfiler() {
        this("Shelf");
    }

    ShelfProfiler(String by) {
        this.by = by;
    }

    @Override
    public Stream<Result<Profiled>> process(CreateTableRequest table) {
        return Stream.of(Result.ok(new Profiled(by, table.name())));
    }

    /** The annex's profiler ({@link ShelfSpec.AnnexSpec}). */
    public static final class Annex extends ShelfProfiler {
        /** Created by the runtime's injector. */
        @Inject
        public Annex() {
            super("ShelfAnnex");
        }
    }
}
