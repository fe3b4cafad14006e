package io.metaingest.runtime.exec;

import java.util.Optional;

/**
 * Where the run's sink and bulk sink will write, known from their configs before either is created:
 * a run that ends before a step could be created (its constructor found the disk full, the source's
 * threw first) still lists that output in its report as not kept, as it does any output it discarded.
 *
 * @param sink the {@code sink}'s destination, when its config names one (a file)
 * @param bulkSink the {@code bulkSink}'s destination, when its config names one (a file)
 */
public record PlannedOutputs(Optional<String> sink, Optional<String> bulkSink) {

    /** Nothing known in advance: an output is listed only once its step exists. */
    public static final PlannedOutputs NONE = new PlannedOutputs(Optional.empty(), Optional.empty());
}
