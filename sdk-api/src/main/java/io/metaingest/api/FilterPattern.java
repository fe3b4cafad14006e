package io.metaingest.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * OpenMetadata's {@code {includes, excludes}} filter. Each regular expression matches from the start
 * of a name (not necessarily the whole name), ignoring case. When {@code includes} is non-empty a name
 * passes only if one of them matches, and {@code excludes} is not consulted; otherwise a name is
 * dropped when one of the {@code excludes} matches.
 *
 * <p>As in OpenMetadata's Python, character classes are Unicode's: {@code \w} matches {@code Ü} and
 * {@code 表}, {@code \d} any decimal digit, {@code \s} any space. A match that takes more than
 * {@link #MAX_STEPS} steps throws {@link RunawayPatternException} rather than spinning forever.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class FilterPattern {

    private static final FilterPattern ALL = new FilterPattern(List.of(), List.of());

    /**
     * How many characters one match may read before it gives up: a pattern that backtracks as usual
     * reads at most a few times the name's length squared (thousands for a 63-character PostgreSQL
     * name), one that backtracks exponentially never finishes; ten million reads take well under a second.
     */
    public static final long MAX_STEPS = 10_000_000L;

    /** Python's {@code re} on text: Unicode classes and case folding. */
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    private final List<String> includes;
    private final List<String> excludes;
    private final List<Pattern> includePatterns;
    private final List<Pattern> excludePatterns;

    /**
     * Compiles the patterns.
     *
     * @throws IllegalArgumentException naming the first invalid regular expression
     */
    @JsonCreator
    public FilterPattern(@JsonProperty("includes") List<String> includes,
                         @JsonProperty("excludes") List<String> excludes) {
        this.includes = includes == null ? List.of() : List.copyOf(includes);
        this.excludes = excludes == null ? List.of() : List.copyOf(excludes);
        this.includePatterns = compile(this.includes, "includes");
        this.excludePatterns = compile(this.excludes, "excludes");
    }

    /** A filter that lets every name pass. */
    public static FilterPattern acceptAll() {
        return ALL;
    }

    /** A filter with only excludes. */
    public static FilterPattern excluding(String... regexes) {
        return new FilterPattern(List.of(), List.of(regexes));
    }

    /** A filter with only includes. */
    public static FilterPattern including(String... regexes) {
        return new FilterPattern(List.of(regexes), List.of());
    }

    /** Returns {@code pattern}, or {@link #acceptAll()} when it is null. */
    public static FilterPattern orAll(FilterPattern pattern) {
        return pattern == null ? ALL : pattern;
    }

    private static List<Pattern> compile(List<String> regexes, String field) {
        List<Pattern> compiled = new ArrayList<>(regexes.size());
        for (String regex : regexes) {
            Optional<String> problem = regexProblem(regex);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(field + ": " + problem.get());
            }
            compiled.add(Pattern.compile(regex, FLAGS));
        }
        return List.copyOf(compiled);
    }

    /** Why {@code regex} is not a valid pattern, or empty when it is. */
    public static Optional<String> regexProblem(String regex) {
        if (regex == null) {
            return Optional.of("a pattern is null; write a regular expression such as \"^sales_.*\"");
        }
        try {
            Pattern.compile(regex, FLAGS);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("invalid regular expression \"" + regex + "\" (" + e.getDescription()
                    + " near index " + e.getIndex() + ")");
        }
    }

    /**
     * Whether {@code name} passes this filter.
     *
     * @throws RunawayPatternException when a pattern gives up on the name
     */
    public boolean includes(String name) {
        if (!includePatterns.isEmpty()) {
            return anyMatches(includePatterns, "includes", name);
        }
        return !anyMatches(excludePatterns, "excludes", name);
    }

    private static boolean anyMatches(List<Pattern> patterns, String field, String name) {
        for (int i = 0; i < patterns.size(); i++) {
            Pattern pattern = patterns.get(i);
            try {
                if (pattern.matcher(new BoundedText(name)).lookingAt()) {
                    return true;
                }
            } catch (StepsExceeded e) {
                throw new RunawayPatternException(field + "[" + i + "] \"" + pattern.pattern() + "\" gave up on the name \""
                        + shortened(name) + "\" after " + String.format("%,d", MAX_STEPS) + " steps: its repeated groups can"
                        + " match the same text in many ways, which takes exponential time (catastrophic backtracking);"
                        + " rewrite it so that no repeated group holds a repetition (\"(a+)+\" as \"a+\", \"(.*a){30}\""
                        + " as \".*a\")");
            }
        }
        return false;
    }

    private static String shortened(String name) {
        return name.length() <= 80 ? name : name.substring(0, 77) + "...";
    }

    /** The name as the matcher reads it, one character at a time, counting the reads. */
    private static final class BoundedText implements CharSequence {
        private final String text;
        private long steps;

        BoundedText(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new StepsExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Thrown out of the matcher's loops; no stack trace (it is caught a few frames up). */
    private static final class StepsExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepsExceeded() {
            super(null, null, false, false);
        }
    }

    /**
     * Why {@code name} is dropped (for a filtered status entry), or empty when it passes.
     *
     * @throws RunawayPatternException when a pattern gives up on the name
     */
    public Optional<String> rejection(String name) {
        if (includes(name)) {
            return Optional.empty();
        }
        return Optional.of(includePatterns.isEmpty()
                ? "matches an exclude pattern " + shown(excludes)
                : "matches no include pattern " + shown(includes));
    }

    /** The include regular expressions. */
    @JsonProperty("includes")
    public List<String> includes() {
        return includes;
    }

    /** The exclude regular expressions. */
    @JsonProperty("excludes")
    public List<String> excludes() {
        return excludes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterPattern other && includes.equals(other.includes) && excludes.equals(other.excludes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(includes, excludes);
    }

    @Override
    public String toString() {
        return "FilterPattern{includes=" + includes + ", excludes=" + excludes + '}';
    }

    /**
     * The patterns as a list a reader can tell apart: bare while each reads unambiguously, each quoted
     * when one would not ({@code [""]}, not {@code []}; a blank at an end; the list's ", " or a quote inside).
     */
    static String shown(java.util.List<String> patterns) {
        boolean plain = patterns.stream().noneMatch(p -> p.isEmpty() || !p.strip().equals(p)
                || p.contains(", ") || p.contains("\""));
        return plain ? patterns.toString() : patterns.stream()
                .map(p -> '"' + p.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }
}
