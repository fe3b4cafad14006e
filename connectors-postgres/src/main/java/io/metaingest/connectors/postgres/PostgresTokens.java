package io.metaingest.connectors.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens as PostgreSQL's lexer does ({@code scan.l}) as far as
 * {@link FilterCondition} needs: where strings ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}),
 * quoted names and comments (nested {@code /* *}{@code /}) begin and end, and which operators
 * and punctuation lie outside them. It does not parse: JSqlParser does. Its verdicts are the
 * server's: text it calls unclosed fails on the server too (with {@code standard_conforming_strings}
 * on, the default since PostgreSQL 9.1, a backslash escapes nothing in a plain {@code '...'} string).
 */
final class PostgresTokens {

    /** What a token is. */
    enum Kind {
        /** An unquoted name or keyword. */
        WORD,
        /** A {@code "quoted"} name. */
        QUOTED_NAME,
        /** A string constant of any form. */
        STRING,
        /** A numeric constant. */
        NUMBER,
        /** An operator, e.g. {@code =}, {@code ~*}, {@code ^@}. */
        OPERATOR,
        /** {@code ( ) [ ] , ; : :: .} */
        PUNCTUATION,
        /** A positional parameter such as {@code $1}. */
        PARAMETER,
        /** A character PostgreSQL's grammar has no use for. */
        OTHER,
        /** A {@code --} or (nested) {@code /* *}{@code /} comment. */
        COMMENT
    }

    /**
     * One token.
     *
     * @param kind what it is
     * @param text its text as written
     * @param offset where it starts (0-based)
     */
    record Token(Kind kind, String text, int offset) {

        boolean is(Kind k, String t) {
            return kind == k && text.equalsIgnoreCase(t);
        }
    }

    /** A string, quoted name or comment that is never closed: the server refuses the text too. */
    static final class Unclosed extends Exception {

        private static final long serialVersionUID = 1L;

        private final transient String what;
        private final transient String closer;
        private final int offset;

        Unclosed(String what, String closer, int offset) {
            super(what + " at offset " + offset + " is never closed");
            this.what = what;
            this.closer = closer;
            this.offset = offset;
        }

        /** What is unclosed, e.g. {@code the string}. */
        String what() {
            return what;
        }

        /** What would close it. */
        String closer() {
            return closer;
        }

        /** Where it starts. */
        int offset() {
            return offset;
        }
    }

    /** PostgreSQL's operator characters ({@code op_chars} in scan.l). */
    private static final String OP_CHARS = "~!@#^&|`?+-*/%<>=";
    /** An operator ending in + or - keeps it only if it holds one of these (scan.l): {@code a*-1} is * then -. */
    private static final String OP_KEEPS_SIGN = "~!@#^&|`?%";
    private static final String PUNCTUATION = "()[],;:.";

    private PostgresTokens() {
    }

    /** The tokens of {@code sql}, comments included, white space left out. */
    static List<Token> scan(String sql) throws Unclosed {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = at(sql, i + 1);
            if (isSpace(c)) {
                i++;
            } else if (c == '-' && next == '-') {
                i = add(out, Kind.COMMENT, sql, i, lineEnd(sql, i));
            } else if (c == '/' && next == '*') {
                i = add(out, Kind.COMMENT, sql, i, commentEnd(sql, i));
            } else if (c == '\'') {
                i = add(out, Kind.STRING, sql, i, quoted(sql, i, i, '\'', false, "the string", "'"));
            } else if ((c == 'e' || c == 'E') && next == '\'') {
                i = add(out, Kind.STRING, sql, i, quoted(sql, i, i + 1, '\'', true, "the string", "'"));
            } else if ("nNbBxX".indexOf(c) >= 0 && next == '\'') {
                i = add(out, Kind.STRING, sql, i, quoted(sql, i, i + 1, '\'', false, "the string", "'"));
            } else if ((c == 'u' || c == 'U') && next == '&' && (at(sql, i + 2) == '\'' || at(sql, i + 2) == '"')) {
                char quote = at(sql, i + 2);
                i = add(out, quote == '"' ? Kind.QUOTED_NAME : Kind.STRING, sql, i, quoted(sql, i, i + 2, quote, false,
                        quote == '"' ? "the quoted name" : "the string", String.valueOf(quote)));
            } else if (c == '"') {
                i = add(out, Kind.QUOTED_NAME, sql, i, quoted(sql, i, i, '"', false, "the quoted name", "\""));
            } else if (c == '$') {
                i = dollar(out, sql, i);
            } else if (isDigit(c) || c == '.' && isDigit(next)) {
                i = add(out, Kind.NUMBER, sql, i, numberEnd(sql, i));
            } else if (isNameStart(c)) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                i = add(out, Kind.WORD, sql, i, end);
            } else if (OP_CHARS.indexOf(c) >= 0) {
                i = add(out, Kind.OPERATOR, sql, i, operatorEnd(sql, i));
            } else if (c == ':' && next == ':') {
                i = add(out, Kind.PUNCTUATION, sql, i, i + 2);
            } else if (PUNCTUATION.indexOf(c) >= 0) {
                i = add(out, Kind.PUNCTUATION, sql, i, i + 1);
            } else {
                i = add(out, Kind.OTHER, sql, i, i + 1);
            }
        }
        return out;
    }

    private static int add(List<Token> out, Kind kind, String sql, int start, int end) {
        out.add(new Token(kind, sql.substring(start, end), start));
        return end;
    }

    private static char at(String sql, int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    /** PostgreSQL's white space: space, tab, newline, carriage return, form feed, vertical tab. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '\u0080';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c) || c == '$';
    }

    private static int lineEnd(String sql, int i) {
        int end = i;
        while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** Block comments nest in PostgreSQL (unlike the SQL standard's other dialects). */
    private static int commentEnd(String sql, int start) throws Unclosed {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new Unclosed("the /* comment", "*/", start);
    }

    /**
     * The end of a quoted string or name whose opening quote is at {@code quote}: a doubled quote
     * stands for itself; with {@code backslashes} (E'...') a backslash escapes the next character.
     */
    private static int quoted(String sql, int start, int quote, char q, boolean backslashes, String what,
                              String closer) throws Unclosed {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashes && c == '\\') {
                i += 2;
            } else if (c == q && at(sql, i + 1) == q) {
                i += 2;
            } else if (c == q) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new Unclosed(what, closer, start);
    }

    /** {@code $1} (a parameter), {@code $tag$...$tag$} (a string) or a lone {@code $}. */
    private static int dollar(List<Token> out, String sql, int start) throws Unclosed {
        int i = start + 1;
        if (isDigit(at(sql, i))) {
            while (isDigit(at(sql, i))) {
                i++;
            }
            return add(out, Kind.PARAMETER, sql, start, i);
        }
        // A tag is a name without $; a tag cannot start with a digit (that is a parameter).
        while (i < sql.length() && (isNameStart(sql.charAt(i)) || i > start + 1 && isDigit(sql.charAt(i)))) {
            i++;
        }
        if (at(sql, i) != '$') {
            return add(out, Kind.OTHER, sql, start, start + 1);
        }
        String tag = sql.substring(start, i + 1);
        int close = sql.indexOf(tag, i + 1);
        if (close < 0) {
            throw new Unclosed("the " + tag + " string", tag, start);
        }
        return add(out, Kind.STRING, sql, start, close + tag.length());
    }

    /** Digits with an optional point and exponent; letters and _ that follow (0x1F, 1_000) belong to it. */
    private static int numberEnd(String sql, int start) {
        int i = start;
        boolean point = false;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (isDigit(c) || isNameStart(c)) {
                i++;
            } else if (c == '.' && !point && at(sql, i + 1) != '.') {
                point = true;
                i++;
            } else if ((c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')
                    && isDigit(at(sql, i + 1))) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** scan.l's rules: a comment start ends an operator; a trailing + or - is a token of its own unless needed. */
    private static int operatorEnd(String sql, int start) {
        int end = start;
        while (end < sql.length() && OP_CHARS.indexOf(sql.charAt(end)) >= 0) {
            end++;
        }
        String op = sql.substring(start, end);
        int comment = minPositive(op.indexOf("--", 1), op.indexOf("/*", 1));
        int length = comment > 0 ? comment : op.length();
        if (length > 1 && (op.charAt(length - 1) == '+' || op.charAt(length - 1) == '-')) {
            boolean keep = false;
            for (int k = length - 2; k >= 0 && !keep; k--) {
                keep = OP_KEEPS_SIGN.indexOf(op.charAt(k)) >= 0;
            }
            if (!keep) {
                do {
                    length--;
                } while (length > 1 && (op.charAt(length - 1) == '+' || op.charAt(length - 1) == '-'));
            }
        }
        return start + length;
    }

    private static int minPositive(int a, int b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /**
     * {@code sql} with its comments blanked out (line breaks kept, so positions stay): JSqlParser
     * reads no nested comment, and comments are not what it is asked about.
     */
    static String withoutComments(String sql, List<Token> tokens) {
        char[] text = sql.toCharArray();
        for (Token t : tokens) {
            if (t.kind() == Kind.COMMENT) {
                for (int i = t.offset(); i < t.offset() + t.text().length(); i++) {
                    if (text[i] != '\n' && text[i] != '\r') {
                        text[i] = ' ';
                    }
                }
            }
        }
        return new String(text);
    }

    /** {@code column 5} or, in text of several lines, {@code line 2, column 5}, of a 0-based offset. */
    static String position(String sql, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r' && at(sql, i + 1) != '\n') {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        boolean lines = sql.indexOf('\n') >= 0 || sql.indexOf('\r') >= 0;
        return lines ? "line " + line + ", column " + column : "column " + column;
    }
}
