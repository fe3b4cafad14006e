package io.metaingest.toolkit;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.UserFacingMessage;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Ends a source's stream as a connection failure once the vendor refused the credentials mid-run (a
 * token revoked, a key rotated): {@link JsonHttpClient} sends no call after the first 401
 * ({@link JsonHttpClient#refusedCredentials()}), and this stream, at the next result it would hand out,
 * throws {@link Ended} carrying the {@link ConnectionException} the start-of-run check would have
 * given, so the run fails as a connection failure (exit 3, mark-deleted skipped) with one line and
 * the hint, instead of one failure per entity.
 *
 * <pre>{@code
 * return RefusedCredentials.endRunOn(Stream.concat(body, unread.endOfRead()), client::refusedCredentials);
 * }</pre>
 */
public final class RefusedCredentials {

    private RefusedCredentials() {
    }

    /**
     * {@code results} until {@code refusal} says the credentials were refused; then {@link Ended}.
     *
     * @param results the source's stream; closed with the returned one
     * @param refusal the connection failure, once the vendor refused the credentials; empty before
     */
    public static <T> Stream<T> endRunOn(Stream<T> results, Supplier<Optional<ConnectionException>> refusal) {
        Objects.requireNonNull(refusal, "refusal");
        Iterator<T> in = results.iterator();
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                check();
                boolean more = in.hasNext();
                // Checked again: the result just produced may be the failure the refusal caused.
                check();
                return more;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return in.next();
            }

            private void check() {
                Optional<ConnectionException> refused = refusal.get();
                if (refused.isPresent()) {
                    throw new Ended(refused.get());
                }
            }
        };
        return Streams.of(guarded).onClose(results::close);
    }

    /**
     * The end of a source's stream because the credentials were refused; its cause is the
     * {@link ConnectionException} the run reports (a connection failure), its message that exception's.
     */
    public static final class Ended extends RuntimeException implements UserFacingMessage {

        private static final long serialVersionUID = 1L;

        Ended(ConnectionException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
