package io.metaingest.connectors.microstrategy;

/**
 * A configured value as an error line shows it: as written when short; when very long (a pasted
 * block, a generated name), its start and how long it was, so that one line stays readable.
 */
final class ConfiguredValue {

    /** Longest value shown whole. */
    static final int MAX_SHOWN = 100;
    /** Characters kept of a longer value. */
    private static final int KEPT = 60;

    private ConfiguredValue() {
    }

    /** {@code value}, or its first characters, an ellipsis and its length when it is longer than {@value #MAX_SHOWN}. */
    static String shown(String value) {
        if (value.length() <= MAX_SHOWN) {
            return value;
        }
        // Not between the two halves of a surrogate pair.
        int end = Character.isHighSurrogate(value.charAt(KEPT - 1)) ? KEPT - 1 : KEPT;
        return value.substring(0, end) + "… (" + String.format("%,d", value.length()) + " characters)";
    }
}
