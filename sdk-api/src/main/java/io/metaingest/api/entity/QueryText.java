package io.metaingest.api.entity;

/**
 * A query's text as messages show it: on one line, shortened, and with every string literal replaced by
 * {@code '…'}. Query logs hold statements as users typed them, literals included ({@code CREATE ROLE etl
 * PASSWORD 'x'}, {@code WHERE card = '4111…'}), and a name or a warning must not carry those into logs and
 * reports; which tables a query touched never depends on its literals.
 */
public final class QueryText {

    private static final String HIDDEN = "'…'";

    private QueryText() {
    }

    /**
     * {@code sql} on one line, its string literals hidden, cut after {@code longest} characters with {@code …}.
     *
     * @param sql the query's text; {@code null} shows as empty
     * @param longest how many characters to keep at most, before the ellipsis
     */
    public static String shown(String sql, int longest) {
        String line = withoutLiterals(sql == null ? "" : sql).strip().replaceAll("\\s+", " ");
        return line.length() > longest ? line.substring(0, longest) + "…" : line;
    }

    /**
     * {@code sql} with each literal in single quotes ({@code 'a''b'}, {@code E'a\'b'}) and each dollar-quoted
     * one ({@code $$…$$}, {@code $tag$…$tag$}) replaced by {@code '…'}; an unterminated one hides the rest.
     * Quoted names ({@code "Weird Name"}) stay, since they name what the query touched.
     */
    static String withoutLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '\'') {
                boolean backslashes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                        && (i == 1 || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
                i = afterQuoted(sql, i + 1, backslashes);
                out.append(HIDDEN);
            } else if (c == '$' && dollarTag(sql, i) > 0 && (i == 0 || !isNamePart(sql.charAt(i - 1)))) {
                String tag = sql.substring(i, dollarTag(sql, i));
                int end = sql.indexOf(tag, i + tag.length());
                i = end < 0 ? sql.length() : end + tag.length();
                out.append(HIDDEN);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The index after the literal whose text starts at {@code from}, or the end. */
    private static int afterQuoted(String sql, int from, boolean backslashes) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The end of a dollar-quote tag ({@code $$}, {@code $tag$}) starting at {@code at}, or -1 ({@code $1} is none). */
    private static int dollarTag(String sql, int at) {
        int i = at + 1;
        while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
                || i > at + 1 && Character.isDigit(sql.charAt(i)))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
