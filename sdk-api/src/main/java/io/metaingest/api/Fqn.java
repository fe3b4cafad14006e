package io.metaingest.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Fully qualified names: parts joined by {@code .}, as OpenMetadata builds them
 * ({@code service.database.schema.table}). A part that contains a dot is wrapped in double quotes.
 * OpenMetadata rejects names that contain a double quote; so that every name round-trips, such a
 * part is also quoted, with each inner quote doubled (SQL style).
 */
public final class Fqn {

    private Fqn() {
    }

    /** Joins parts into an FQN, quoting those that need it. */
    public static String build(String... parts) {
        StringBuilder fqn = new StringBuilder();
        boolean first = true;
        for (String part : parts) {
            if (part == null) {
                throw new IllegalArgumentException("an FQN part is null");
            }
            if (!first) {
                fqn.append('.'); // also after an empty first part: every part keeps its place
            }
            first = false;
            fqn.append(quote(part));
        }
        return fqn.toString();
    }

    /** Appends parts to an existing (already quoted) FQN. */
    public static String append(String fqn, String... parts) {
        return fqn + "." + build(parts);
    }

    /** Quotes one name if it contains a dot or a double quote. */
    public static String quote(String name) {
        if (name.indexOf('.') < 0 && name.indexOf('"') < 0) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * Splits an FQN into its unquoted parts.
     *
     * @throws IllegalArgumentException for an unterminated quote or a quote in the middle of a part
     */
    public static List<String> split(String fqn) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int i = 0;
        int n = fqn.length();
        while (i <= n) {
            if (i < n && fqn.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("unterminated quote in FQN: " + fqn);
                    }
                    char c = fqn.charAt(i);
                    if (c == '"' && i + 1 < n && fqn.charAt(i + 1) == '"') {
                        part.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        part.append(c);
                        i++;
                    }
                }
                if (i < n && fqn.charAt(i) != '.') {
                    throw new IllegalArgumentException("text after a closing quote in FQN: " + fqn);
                }
            } else {
                while (i < n && fqn.charAt(i) != '.') {
                    char c = fqn.charAt(i);
                    if (c == '"') {
                        throw new IllegalArgumentException("quote inside an unquoted part of FQN: " + fqn);
                    }
                    part.append(c);
                    i++;
                }
            }
            parts.add(part.toString());
            part.setLength(0);
            i++; // skip the dot (or step past the end)
        }
        return List.copyOf(parts);
    }
}
