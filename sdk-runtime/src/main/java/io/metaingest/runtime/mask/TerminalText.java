package io.metaingest.runtime.mask;

/**
 * Text from a source (an object's name, a server's message) made safe for one line of a human's
 * output: control characters are written as escapes ({@code \n}, {@code \x1b}), so a table named with
 * a newline stays on its line and one named with terminal escape sequences cannot recolour, retitle or
 * rewrite the operator's terminal. JSON output needs none of this: JSON escapes them itself.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} with every control character escaped; null as {@code null}. */
    public static String oneLine(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c)
                    // C1 controls (a terminal may read 0x9b as an escape) and the Unicode line separators.
                    : (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c)
                    : null;
        };
    }
}
