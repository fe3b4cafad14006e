package io.metaingest.api;

/**
 * Jackson views of a connection record ({@code @JsonView} on its components). A connection is
 * OpenMetadata's plus, here and there, a field of metaingest's own (how many requests to run in
 * parallel, say); OpenMetadata's server refuses such a field, so {@code storeServiceConnection}
 * writes the connection in the {@link Stored} view, which leaves out every component marked
 * {@link MetaingestOnly}. Every other use reads and writes all components.
 */
public final class ConnectionViews {

    private ConnectionViews() {
    }

    /** Marks a component OpenMetadata's connection does not have: read from the workflow, never stored on the server. */
    public interface MetaingestOnly {
    }

    /** The view the server stores: every component but the {@link MetaingestOnly} ones. */
    public interface Stored {
    }
}
