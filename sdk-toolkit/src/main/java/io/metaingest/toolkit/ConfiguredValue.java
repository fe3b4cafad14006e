package io.metaingest.toolkit;

/**
 * A configured value as an error line shows it: as written when short; when very long (a pasted
 * block, a generated name), its start and how long it was, so that one line stays readable. The one
 * rule for such values, in the toolkit's names of calls ({@link JsonHttpClient#endpoint(ApiRequest)})
 * and in connectors' own lines.
 */
public final class ConfiguredValue {

    /** Longest value shown whole. */
    public static final int MAX_SHOWN = 100;
    /** Characters kept of a longer value. */
    private static final int KEPT = 60;

    private ConfiguredValue() {
    }

    /**
     * {@code value}, or its first characters, an ellipsis and its length when it is longer than {@value #MAX_SHOWN},
     * e.g. {@code Tutorial xxxx… (3,009 characters)}.
     */
    public static String shown(String value) {
        if (value.length() <= MAX_SHOWN) {
            return value;
        }
        // Not between the two halves of a surrogate pair.
        return shortened(value, Character.isHighSurrogate(value.charAt(KEPT - 1)) ? KEPT - 1 : KEPT);
    }

    /**
     * A URL path with each segment {@link #shown(String) shown}: a configured name sent as one segment (a project's,
     * URL-encoded) keeps the call's name one readable line, e.g. {@code /projects/Tutorial%20xxxx… (3,013 characters)}.
     * A segment is not cut inside a {@code %XX} escape.
     */
    public static String inPath(String path) {
        if (path.length() <= MAX_SHOWN) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.length() > MAX_SHOWN) {
                int escape = segment.lastIndexOf('%', KEPT - 1);
                segments[i] = shortened(segment, escape > KEPT - 3 ? escape : KEPT);
            }
        }
        return String.join("/", segments);
    }

    private static String shortened(String value, int end) {
        return value.substring(0, end) + "… (" + String.format(java.util.Locale.ROOT, "%,d", value.length()) + " characters)";
    }
}
