package io.metaingest.api;

/**
 * A filter pattern gave up on a name: matching it took more than {@link FilterPattern#MAX_STEPS} steps,
 * which only a pattern whose repetitions can match the same text in many ways (catastrophic
 * backtracking, e.g. {@code (.*a){30}x}) does on names of a few dozen characters. Without the bound the
 * run would spin forever while its report says it is running. Thrown from {@link FilterPattern#includes}
 * and {@link FilterPattern#rejection}; the run ends failed with this one-line message, which
 * {@link AppliedFilter} prefixes with the pattern's config path.
 */
public final class RunawayPatternException extends IllegalArgumentException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the one-line message naming the pattern, the name and the fix
     */
    public RunawayPatternException(String message) {
        super(message);
    }
}
