package io.metaingest.testkit;

import io.metaingest.api.IncompleteReadException;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one read of a source emitted, and the {@link IncompleteReadException} that ended it when the
 * source could not list part of its service (else null). A test that only collected the stream would
 * lose the results emitted before that exception, which are what it wants to check.
 *
 * @param results everything the source emitted, in order
 * @param incomplete the exception that ended the read, or null when it ended normally
 * @param <T> the source's record type
 */
public record SourceRead<T>(List<Result<T>> results, IncompleteReadException incomplete) {

    /** Reads {@code source} to the end and closes it, as the runtime does. */
    public static <T> SourceRead<T> of(Source<T> source) throws Exception {
        List<Result<T>> out = new ArrayList<>();
        try (source; Stream<Result<T>> stream = source.read()) {
            try {
                stream.forEach(out::add);
            } catch (IncompleteReadException e) {
                return new SourceRead<>(List.copyOf(out), e);
            }
        }
        return new SourceRead<>(List.copyOf(out), null);
    }
}
