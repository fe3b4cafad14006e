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
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class FilterPattern {

    private static final FilterPattern ALL = new FilterPattern(List.of(), List.of());

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
            compiled.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        return List.copyOf(compiled);
    }

    /** Why {@code regex} is not a valid pattern, or empty when it is. */
    public static Optional<String> regexProblem(String regex) {
        if (regex == null) {
            return Optional.of("a pattern is null; write a regular expression such as \"^sales_.*\"");
        }
        try {
            Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("invalid regular expression \"" + regex + "\" (" + e.getDescription()
                    + " near index " + e.getIndex() + ")");
        }
    }

    /** Whether {@code name} passes this filter. */
    public boolean includes(String name) {
        if (!includePatterns.isEmpty()) {
            return includePatterns.stream().anyMatch(p -> p.matcher(name).lookingAt());
        }
        return excludePatterns.stream().noneMatch(p -> p.matcher(name).lookingAt());
    }

    /** Why {@code name} is dropped (for a filtered status entry), or empty when it passes. */
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
