package io.metaingest.testkit.shelf;

import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;

/** The shelf with its metadata workflow only, as connectors written against the kit's first form are. */
public final class MetadataShelfSpec extends ShelfSpec {
    @Override public String serviceType() { return "MetadataShelf"; }
    @Override protected List<StepSpec<?>> sources() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, ShelfSource.class));
    }
}
