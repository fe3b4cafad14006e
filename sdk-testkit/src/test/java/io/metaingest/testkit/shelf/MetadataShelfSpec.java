package io.metaingest.testkit.shelf;

import io.metaingest.api.Source;
import io.metaingest.api.WorkflowKind;
import java.util.Map;

/** The shelf with its metadata workflow only, as connectors written against the kit's first form are. */
public final class MetadataShelfSpec extends ShelfSpec {
    @Override public String serviceType() { return "MetadataShelf"; }
    @Override public Map<WorkflowKind, Class<? extends Source<?>>> sources() {
        return Map.of(WorkflowKind.METADATA, ShelfSource.class);
    }
}
