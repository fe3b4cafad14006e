package io.metaingest.toolkit;

import java.util.Objects;

/**
 * The result of one item of a {@link ParallelMap}: its value, or the exception it failed with, so
 * that one failed item is a recorded failure and the others go on.
 *
 * @param input the item
 * @param value the result when it succeeded, else null
 * @param failure the exception when it failed, else null
 * @param <I> the item type
 * @param <O> the result type
 */
public record Outcome<I, O>(I input, O value, Exception failure) {

    /** A success. */
    public static <I, O> Outcome<I, O> success(I input, O value) {
        return new Outcome<>(input, value, null);
    }

    /** A failure. */
    public static <I, O> Outcome<I, O> failure(I input, Exception failure) {
        return new Outcome<>(input, null, Objects.requireNonNull(failure, "failure"));
    }

    /** Whether the item succeeded. */
    public boolean succeeded() {
        return failure == null;
    }
}
