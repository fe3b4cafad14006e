package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.UserFacingMessage;
import io.metaingest.connectors.postgres.PostgresTokens.Kind;
import io.metaingest.connectors.postgres.PostgresTokens.Token;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;

/**
 * The lineage and usage workflows' {@code sourceConfig.config.filterCondition}, checked before a
 * source connects: the condition is pasted into the query log's {@code WHERE} clause
 * ({@link QueryLog#statements}), where a syntax error would only show as a server error once
 * connected, and text that is not one condition (a {@code ;}, a {@code )} it did not open) would
 * change the query around it.
 *
 * <p>Two judges, each trusted only where it is right. {@link PostgresTokens} (the server's own
 * lexing rules) refuses a string, quoted name or comment never closed, unbalanced parentheses, a
 * {@code ;} and parameters that get no value. JSqlParser then parses the text as one conditional
 * expression. JSqlParser does not know all of PostgreSQL's grammar ({@code COLLATE}, {@code OPERATOR(...)},
 * operators such as {@code ^@} or {@code ~~*}, {@code x LIKE y IS NULL}, {@code BETWEEN SYMMETRIC}), so
 * when it fails on text that uses such a form, the condition is let through for the server to judge:
 * refusing a valid condition would leave the user no way to run it, while a condition the server
 * refuses still fails the run with the server's message, as before.
 */
final class FilterCondition {

    /** Where the condition is in the workflow file. */
    static final String PATH = "sourceConfig.config.filterCondition";

    private static final String FIX = "write one SQL condition on pg_stat_statements (alias s),"
            + " e.g. s.query ILIKE '%orders%'";

    /** Operators JSqlParser 5.3 reads in every position; near any other its failure is not trusted. */
    private static final Set<String> OPERATORS_READ = Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "~", "~*", "!~",
            "!~*", "+", "-", "*", "/", "%", "||");

    /** Words of PostgreSQL conditions JSqlParser 5.3 cannot read (see FilterConditionTest). */
    private static final Set<String> WORDS_NOT_READ = Set.of("collate", "operator", "symmetric", "json", "normalized",
            "document");

    private FilterCondition() {
    }

    /**
     * Throws when the condition is certainly malformed; a blank or absent one is no condition.
     *
     * @throws IllegalArgumentException one line: {@value #PATH}, what is wrong and how to fix it
     */
    static void check(String condition) {
        problem(condition).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /**
     * {@code failure} of the query log's query as the condition's, when a condition is set and the
     * server refused something in it: a name, a function or a type it does not know, text it cannot
     * read (SQLSTATE class 42), or a value it cannot compute (class 22). Else {@code failure} itself.
     */
    static SQLException refused(String condition, SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        if (condition == null || condition.isBlank() || !(state.startsWith("42") || state.startsWith("22"))) {
            return failure;
        }
        return new Refused(AppliedFilter.SOURCE_CONFIG_PATH + ".filterCondition: PostgreSQL refused the condition: "
                + ServerError.text(failure) + "; " + FIX, failure);
    }

    /** The server refused the query log's query for the condition in it: one line for users, the server's state kept. */
    static final class Refused extends SQLException implements UserFacingMessage {
        private static final long serialVersionUID = 1L;

        Refused(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }

    /** What is wrong with the condition, on one line starting with {@value #PATH}; empty when it may be sent. */
    static Optional<String> problem(String condition) {
        if (condition == null || condition.isBlank()) {
            return Optional.empty();
        }
        List<Token> tokens;
        try {
            tokens = PostgresTokens.scan(condition);
        } catch (PostgresTokens.Unclosed e) {
            return Optional.of(PATH + ": " + e.what() + " that starts at "
                    + PostgresTokens.position(condition, e.offset()) + " is never closed: end it with " + e.closer());
        }
        if (tokens.stream().allMatch(t -> t.kind() == Kind.COMMENT)) {
            return Optional.of(PATH + ": holds only a comment: " + FIX + ", or remove the setting");
        }
        Optional<String> structure = structure(condition, tokens);
        if (structure.isPresent()) {
            return structure.map(p -> PATH + ": " + p);
        }
        return parse(plainStrings(PostgresTokens.withoutComments(condition, tokens), tokens), tokens)
                .map(p -> PATH + ": not a valid SQL condition: " + p + "; " + FIX);
    }

    /**
     * {@code sql} with each escape string ({@code E'it\'s'}) made a plain string of the same length
     * ({@code  'xxxxx'}): JSqlParser ends a string at the escaped quote and then refuses the rest, though
     * PostgreSQL reads it. The contents do not matter to the syntax, and positions stay where they were.
     */
    private static String plainStrings(String sql, List<Token> tokens) {
        char[] text = sql.toCharArray();
        for (Token t : tokens) {
            if (t.kind() == Kind.STRING && (t.text().startsWith("E'") || t.text().startsWith("e'"))) {
                int end = t.offset() + t.text().length() - 1;
                text[t.offset()] = ' ';
                for (int i = t.offset() + 2; i < end; i++) {
                    if (text[i] != '\n' && text[i] != '\r') {
                        text[i] = 'x';
                    }
                }
            }
        }
        return new String(text);
    }

    /** Parentheses that do not pair, a {@code ;}, parameters: what no server accepts. */
    private static Optional<String> structure(String sql, List<Token> tokens) {
        Deque<Token> open = new ArrayDeque<>();
        for (Token t : tokens) {
            if (t.is(Kind.PUNCTUATION, "(") || t.is(Kind.PUNCTUATION, "[")) {
                open.push(t);
            } else if (t.is(Kind.PUNCTUATION, ")") || t.is(Kind.PUNCTUATION, "]")) {
                String opener = t.text().equals(")") ? "(" : "[";
                if (open.isEmpty() || !open.peek().text().equals(opener)) {
                    String what = opener.equals("(") ? "parenthesis" : "bracket";
                    return Optional.of("the " + t.text() + at(sql, t) + " closes a " + what + " that is not open: remove it or"
                            + " add the " + opener + " it closes");
                }
                open.pop();
            } else if (t.is(Kind.PUNCTUATION, ";")) {
                return Optional.of("is not one condition: the ;" + at(sql, t) + " would end the query and start another"
                        + " statement: remove the ; and what follows it");
            } else if (t.kind() == Kind.PARAMETER) {
                return Optional.of(t.text() + at(sql, t) + " is a parameter that is given no value: write the value itself");
            } else if (t.kind() == Kind.OPERATOR && hasLoneQuestionMark(t.text())) {
                // The JDBC driver takes each ? for a parameter marker; ?? stands for one ? (jsonb's ?, ?| and ?&).
                return Optional.of("the ?" + at(sql, t) + " is a JDBC parameter marker that is given no value: write the value"
                        + " itself (jsonb's ?, ?| and ?& operators are written ??, ??| and ??&)");
            }
        }
        if (!open.isEmpty()) {
            Token t = open.peek();
            return Optional.of("the " + t.text() + at(sql, t) + " is never closed: add the " + (t.text().equals("(") ? ")" : "]") + " that closes it");
        }
        return Optional.empty();
    }

    private static String at(String sql, Token t) {
        return " at " + PostgresTokens.position(sql, t.offset());
    }

    private static boolean hasLoneQuestionMark(String operator) {
        for (int i = 0; i < operator.length(); i++) {
            if (operator.charAt(i) == '?') {
                if (i + 1 < operator.length() && operator.charAt(i + 1) == '?') {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** JSqlParser's verdict where it is trusted: why the text is no condition, or empty. */
    private static Optional<String> parse(String sql, List<Token> tokens) {
        net.sf.jsqlparser.parser.Token stop = stop(sql, false);
        // As CCJSqlParserUtil does: complex parsing reads more, but takes exponential time on deep nesting.
        if (stop != null && CCJSqlParserUtil.getNestingDepth(sql) <= CCJSqlParserUtil.ALLOWED_NESTING_DEPTH) {
            stop = stop(sql, true);
        }
        if (stop == null || usesFormsNotRead(tokens) || stop.kind != CCJSqlParserConstants.EOF
                && stop.image.equalsIgnoreCase("is")) {
            return Optional.empty(); // read, or JSqlParser's failure proves nothing (x LIKE y IS NULL: it stops at IS)
        }
        String where = (sql.indexOf('\n') >= 0 || sql.indexOf('\r') >= 0 ? "line " + stop.beginLine + ", " : "")
                + "column " + stop.beginColumn;
        return Optional.of(stop.kind == CCJSqlParserConstants.EOF ? "it ends before it is complete (" + where + ")"
                : "unexpected " + quote(stop.image) + " at " + where);
    }

    /** Where JSqlParser stopped reading {@code sql} as a condition; null when it read all of it or cannot say. */
    private static net.sf.jsqlparser.parser.Token stop(String sql, boolean complex) {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
        try {
            parser.Expression();
            net.sf.jsqlparser.parser.Token next = parser.getToken(1);
            return next.kind == CCJSqlParserConstants.EOF ? null : next;
        } catch (ParseException e) {
            return e.currentToken == null || e.currentToken.next == null ? null : e.currentToken.next;
        } catch (RuntimeException | StackOverflowError e) {
            // JSqlParser's lexer refusing what PostgreSQL's accepts (E'\''), or a parser bug: no verdict.
            return null;
        }
    }

    private static boolean usesFormsNotRead(List<Token> tokens) {
        return tokens.stream().anyMatch(t -> t.kind() == Kind.OPERATOR && !OPERATORS_READ.contains(t.text())
                || t.kind() == Kind.WORD && WORDS_NOT_READ.contains(t.text().toLowerCase(Locale.ROOT)));
    }

    private static String quote(String image) {
        String shown = image.length() > 40 ? image.substring(0, 40) + "…" : image;
        return "\"" + shown + "\"";
    }
}
