package io.metaingest.cli.migrate;

import java.util.Locale;

/**
 * One thing {@code metaingest migrate} did or saw, printed as one line. Values are never part of a
 * finding except type names, filter pattern entries and service names, so no secret is printed.
 *
 * @param kind what it is
 * @param path the config path it concerns
 * @param message what changed (or must change) and why
 */
public record Finding(Kind kind, String path, String message) {

    /** What a finding is. */
    public enum Kind {
        /** Rewritten in place. */
        CHANGED,
        /** Taken out of this workflow into a companion workflow file. */
        MOVED,
        /** Left as is: a human must decide (the 1.6 file is not complete without it). */
        ATTENTION,
        /** Worth knowing; nothing to do. */
        NOTE
    }

    /** The printed line, e.g. {@code changed   source.type: mstr -> microstrategy (...)}. */
    public String line() {
        return String.format(Locale.ROOT, "%-9s %s: %s", kind.name().toLowerCase(Locale.ROOT), path, message);
    }
}
