package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.IncompleteReadException;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SourceReadTest {

    /** Emits a and b, then ends as a source does whose listing failed (or normally). */
    private static Source<String> source(boolean incomplete, AtomicBoolean closed) {
        return new Source<>() {
            @Override
            public Stream<Result<String>> read() {
                Stream<Result<String>> end = Stream.<Result<String>>of((Result<String>) null).flatMap(ignored -> {
                    if (incomplete) {
                        throw new IncompleteReadException("could not list group g2", null);
                    }
                    return Stream.empty();
                });
                return Stream.concat(Stream.of(Result.ok("a"), Result.ok("b")), end);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    @Test
    void keepsWhatWasEmittedBeforeAFailedListingEndedTheRead() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        SourceRead<String> read = SourceRead.of(source(true, closed));
        assertThat(read.results()).extracting(r -> ((Result.Ok<String>) r).record()).containsExactly("a", "b");
        assertThat(read.incomplete()).hasMessage("could not list group g2");
        assertThat(closed).isTrue();
    }

    @Test
    void aReadThatEndsNormallyHasNoIncompleteness() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        SourceRead<String> read = SourceRead.of(source(false, closed));
        assertThat(read.results()).hasSize(2);
        assertThat(read.incomplete()).isNull();
        assertThat(closed).isTrue();
    }
}
