package io.metaingest.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow file has problems; the CLI prints one line per problem and exits with code 2, or 3 when
 * {@link #connectionFailure()}.
 */
public final class InvalidConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    private final boolean connectionFailure;

    private final transient List<String> warnings;

    /** What the file said about its run before its problems ended the load; null when it did not parse. */
    private final transient KnownRun known;

    /** Creates the exception from at least one problem. */
    public InvalidConfigException(List<ConfigProblem> problems) {
        this(problems, false);
    }

    /**
     * Creates the exception from at least one problem.
     *
     * @param connectionFailure whether a server the configuration needed could not be reached or
     *                          refused the credentials (the connection read from OpenMetadata)
     */
    public InvalidConfigException(List<ConfigProblem> problems, boolean connectionFailure) {
        this(problems, connectionFailure, List.of());
    }

    /**
     * Creates the exception from at least one problem, with the warnings found before the file was given up,
     * so that a user sees them in the same pass as the problems rather than after fixing those.
     */
    public InvalidConfigException(List<ConfigProblem> problems, boolean connectionFailure, List<String> warnings) {
        this(new Folded(RepeatedProblems.fold(problems)), connectionFailure, warnings);
    }

    /** The problems after {@link RepeatedProblems#fold}: the message and the list show the same lines. */
    private record Folded(List<ConfigProblem> problems) {
    }

    private InvalidConfigException(Folded folded, boolean connectionFailure, List<String> warnings) {
        this(folded.problems(), connectionFailure, warnings, null);
    }

    private InvalidConfigException(List<ConfigProblem> folded, boolean connectionFailure, List<String> warnings,
                                   KnownRun known) {
        super(folded.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(folded);
        this.connectionFailure = connectionFailure;
        this.warnings = List.copyOf(warnings);
        this.known = known;
    }

    /** The same problems, knowing what the file said about its run (kept when already known, or when {@code known} is null). */
    public InvalidConfigException knowing(KnownRun known) {
        if (this.known != null || known == null) {
            return this;
        }
        InvalidConfigException copy = new InvalidConfigException(problems, connectionFailure, warnings, known);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** What the file said about its run (service, run id, threshold); {@link KnownRun#NONE} when it did not parse. */
    public KnownRun known() {
        return known == null ? KnownRun.NONE : known;
    }

    /** Whether a server could not be reached or refused the credentials: a connection failure, exit 3. */
    public boolean connectionFailure() {
        return connectionFailure;
    }

    /** Warnings about the file found before its problems ended the load (an unset {@code $VAR}, a deprecated type). */
    public List<String> warnings() {
        return warnings;
    }

    /** The problems, in the order they were found; one found in many items of a list is one problem. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
