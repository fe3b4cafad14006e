package io.metaingest.testconnectors;

import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.entity.CreateTableRequest;
import jakarta.inject.Inject;
import java.util.stream.Stream;

/**
 * The shelf's own {@code orm-profiler}, which a real connector would run through its own driver:
 * it says which connector profiled each table, so a test sees that each source got its own.
 */
public class ShelfProfiler implements Processor<CreateTableRequest, String> {

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
    public Stream<Result<String>> process(CreateTableRequest table) {
        return Stream.of(Result.ok("profiled by " + by + ": " + table.name()));
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
