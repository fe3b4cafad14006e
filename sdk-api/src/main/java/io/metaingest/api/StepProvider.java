package io.metaingest.api;

import java.util.List;

/**
 * Contributes step types (processors, stages, bulk sinks, sinks) that workflows name by
 * {@code type}; sources are a connector's, and only a {@link ServiceSpec} declares them. The runtime
 * finds implementations the way it finds connectors: a public class with a public no-arg constructor
 * in a jar that carries {@value ServiceSpec#MARKER_RESOURCE}. The runtime's own steps ({@code file}, {@code console}, {@code table-usage}, …) are registered the same way.
 *
 * <p>A {@link ServiceSpec} is a provider too: the steps a connector returns from {@link #steps()} are
 * its sources and its own implementations of an OpenMetadata step for its service type (for example the
 * {@code orm-profiler} that runs SQL through the connector's driver) and are chosen by the service
 * type of the workflow's source, so two connectors may each bring a step of the same name.
 */
public interface StepProvider {

    /** The step types this provider contributes. */
    List<StepSpec<?>> steps();
}
