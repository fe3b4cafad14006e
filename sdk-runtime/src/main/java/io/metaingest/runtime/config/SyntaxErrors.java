package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A workflow file the YAML or JSON parser refuses, as one line: {@code file:line:column: not valid
 * YAML: <what>}, where "what" is said in the words of someone writing the file ("a list where a key
 * was expected; check the indentation"), not in SnakeYAML's tokens and event classes, and never with
 * the text around the problem (it may hold a secret).
 */
public final class SyntaxErrors {

    /** Jackson's complaint about a key that is not a plain value, naming SnakeYAML's event. */
    private static final Pattern NOT_A_KEY = Pattern.compile("^Expected a field name .*?<org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event\\b.*");
    /** Any SnakeYAML event in a message: {@code <org.yaml.snakeyaml.events.MappingStartEvent(anchor=null, …)>}. */
    private static final Pattern EVENT = Pattern.compile("<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event(\\([^)]*\\))?>?");
    private static final Pattern UNCLOSED_FLOW = Pattern.compile("^expected ',' or '([\\]}])', but got (.*)$");
    private static final Pattern BAD_CHARACTER = Pattern.compile("^found character '(.+?)' that cannot start any token.*");
    private static final Pattern EXPECTED_BLOCK_END = Pattern.compile("^expected <block end>, but found '?(.+?)'?$");

    /** SnakeYAML's events and tokens, as the file's author would name what stands there. */
    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("MappingStart", "a mapping"), Map.entry("MappingEnd", "the end of a mapping"),
            Map.entry("SequenceStart", "a list"), Map.entry("SequenceEnd", "the end of a list"),
            Map.entry("Scalar", "a value"), Map.entry("Alias", "an alias"),
            Map.entry("DocumentStart", "'---'"), Map.entry("DocumentEnd", "'...'"),
            Map.entry("StreamEnd", "the end of the file"),
            Map.entry("<stream end>", "the end of the file"), Map.entry("<block end>", "the end of the block"),
            Map.entry("<block mapping start>", "a key"), Map.entry("<block sequence start>", "a list item"),
            Map.entry("<block entry>", "a list item ('- ')"), Map.entry("?", "a key"), Map.entry("<scalar>", "a value"),
            Map.entry("<document start>", "'---'"), Map.entry("<document end>", "'...'"),
            Map.entry("<flow mapping start>", "'{'"), Map.entry("<flow sequence start>", "'['"),
            Map.entry("<anchor>", "an anchor (&name)"), Map.entry("<alias>", "an alias (*name)"),
            Map.entry("<tag>", "a tag (!name)"), Map.entry("-", "a list item ('- ')"));

    private SyntaxErrors() {
    }

    /** The one problem of a file the parser refused. */
    public static ConfigProblem problem(Path file, JsonProcessingException e, boolean json) {
        return problem(file.toString(), e, json);
    }

    /** The one problem of a workflow text the parser refused, {@code name} standing for its file. */
    public static ConfigProblem problem(String file, JsonProcessingException e, boolean json) {
        return new ConfigProblem(file + where(e).map(at -> ":" + at).orElse(""),
                "not valid " + (json ? "JSON" : "YAML") + ": " + describe(e));
    }

    /** The one problem of a YAML text SnakeYAML refused when read directly (as {@code migrate} reads it). */
    public static ConfigProblem problem(String fileName, MarkedYAMLException e) {
        return new ConfigProblem(fileName + where(e).map(at -> ":" + at).orElse(""), "not valid YAML: "
                + (e.getProblem() == null ? withoutTokens(firstLine(String.valueOf(e.getMessage())))
                : plain(firstLine(e.getProblem()), e.getContext())));
    }

    /** What the parser found wrong, on one line, in plain words. */
    public static String describe(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            return plain(firstLine(marked.getProblem()), marked.getContext());
        }
        String message = firstLine(String.valueOf(e.getOriginalMessage()));
        Matcher notAKey = NOT_A_KEY.matcher(message);
        if (notAKey.matches()) {
            return word(notAKey.group(1), "something") + " where a key was expected; a key is a plain name:"
                    + " check the indentation, or quote the key";
        }
        return withoutEvents(message);
    }

    /**
     * {@code line:column} of the problem: where SnakeYAML saw it, except that an unclosed list, mapping
     * or quote is told where it began (the '[', the quote), which its message calls "here"; else
     * Jackson's location.
     */
    private static Optional<String> where(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked) {
            Optional<String> mark = where(marked);
            if (mark.isPresent()) {
                return mark;
            }
        }
        JsonLocation at = e.getLocation();
        return at == null ? Optional.empty() : Optional.of(at.getLineNr() + ":" + at.getColumnNr());
    }

    private static Optional<String> where(MarkedYAMLException marked) {
        String problem = String.valueOf(marked.getProblem());
        boolean opening = problem.contains("end of stream") || UNCLOSED_FLOW.matcher(problem).matches();
        Mark mark = opening && marked.getContextMark() != null ? marked.getContextMark() : marked.getProblemMark();
        return mark == null ? Optional.empty() : Optional.of((mark.getLine() + 1) + ":" + (mark.getColumn() + 1));
    }

    /** SnakeYAML's problem (and its context, "while parsing a block mapping") in plain words. */
    private static String plain(String problem, String context) {
        String within = context == null ? "" : context.toLowerCase(Locale.ROOT);
        if (problem.startsWith("mapping values are not allowed")) {
            return "a ':' where no key can start; check the indentation, or quote a value that holds ': '";
        }
        Matcher unclosed = UNCLOSED_FLOW.matcher(problem);
        if (unclosed.matches()) {
            String closing = unclosed.group(1);
            String opened = closing.equals("]") ? "a list opened here with '['" : "a mapping opened here with '{'";
            return unclosed.group(2).equals("<stream end>") ? opened + " is never closed with '" + closing + "'"
                    : opened + " has " + quoted(unclosed.group(2))
                    + " where ',' or '" + closing + "' was expected; close it with '" + closing
                    + "' where it ends, or quote a value that holds " + quoted(unclosed.group(2));
        }
        if (problem.startsWith("found unexpected end of stream") && within.contains("quoted scalar")) {
            return "a quoted value opened here is never closed; add its closing quote";
        }
        Matcher character = BAD_CHARACTER.matcher(problem);
        if (character.matches()) {
            return character.group(1).startsWith("\\t") ? "a tab; YAML indents with spaces only"
                    : "'" + character.group(1) + "' cannot start a value; quote the value";
        }
        Matcher blockEnd = EXPECTED_BLOCK_END.matcher(problem);
        if (blockEnd.matches()) {
            String found = quoted(blockEnd.group(1));
            return within.contains("block collection")
                    ? found + " among the items of a list ('- '); check the indentation"
                    : found + " indented unlike the lines before it; check the indentation";
        }
        String said = withoutTokens(problem);
        return context == null ? said : said + " (" + withoutTokens(firstLine(context)) + ")";
    }

    private static String withoutTokens(String text) {
        String plain = text;
        for (Map.Entry<String, String> token : WORDS.entrySet()) {
            if (token.getKey().startsWith("<")) {
                plain = plain.replace("'" + token.getKey() + "'", token.getValue()).replace(token.getKey(), token.getValue());
            }
        }
        return withoutEvents(plain);
    }

    private static String withoutEvents(String text) {
        Matcher events = EVENT.matcher(text);
        StringBuilder plain = new StringBuilder();
        while (events.find()) {
            events.appendReplacement(plain, Matcher.quoteReplacement(word(events.group(1), "something")));
        }
        return events.appendTail(plain).toString();
    }

    /** A token SnakeYAML found, in words, or quoted as written ({@code '}'}), however SnakeYAML quoted it. */
    private static String quoted(String token) {
        String bare = token.replace("'", "");
        return word(bare, "'" + bare + "'");
    }

    private static String word(String token, String otherwise) {
        return WORDS.getOrDefault(token, otherwise);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
