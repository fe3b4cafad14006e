package io.metaingest.runtime.config;

import io.metaingest.runtime.mask.SecretMasker;
import java.util.ArrayList;
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

    /** Hides the secrets the refused file holds, as far as they could be told; null when none were looked for. */
    private final transient SecretMasker masker;

    /** The output steps whose configs bound although the file was refused. */
    private final transient OutputSteps outputs;

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
        this(folded.problems(), connectionFailure, warnings, null, null, OutputSteps.NONE);
    }

    private InvalidConfigException(List<ConfigProblem> folded, boolean connectionFailure, List<String> warnings,
                                   KnownRun known, SecretMasker masker, OutputSteps outputs) {
        super(folded.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(folded);
        this.connectionFailure = connectionFailure;
        this.warnings = List.copyOf(warnings);
        this.known = known;
        this.masker = masker;
        this.outputs = outputs;
    }

    /** A copy with these parts, the stack trace kept (it is where the file was refused). */
    private InvalidConfigException copy(List<ConfigProblem> problems, KnownRun known, SecretMasker masker,
                                        OutputSteps outputs) {
        InvalidConfigException copy = new InvalidConfigException(problems, connectionFailure, warnings, known, masker,
                outputs);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The same problems, knowing what the file said about its run (kept when already known, or when {@code known} is null). */
    public InvalidConfigException knowing(KnownRun known) {
        if (this.known != null || known == null) {
            return this;
        }
        return copy(problems, known, masker, outputs);
    }

    /** The same problems, with the masker of the file's secrets (kept when already known, or when {@code masker} is null). */
    public InvalidConfigException masking(SecretMasker masker) {
        if (this.masker != null || masker == null) {
            return this;
        }
        return copy(problems, known, masker, outputs);
    }

    /** The same problems, with the output steps that bound (for {@code OutputCheck} to check their paths too). */
    public InvalidConfigException withOutputs(OutputSteps outputs) {
        return copy(problems, known, masker, outputs);
    }

    /** These problems followed by {@code more}, everything else kept; this exception when there are none. */
    public InvalidConfigException adding(List<ConfigProblem> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<ConfigProblem> all = new ArrayList<>(problems);
        all.addAll(more);
        return copy(all, known, masker, outputs);
    }

    /**
     * The same refusal with {@code rewrite} applied to each problem's path and message and to each warning
     * (the paths of a file that was checked in a rewritten form, told as the file has them).
     */
    InvalidConfigException rewritten(java.util.function.UnaryOperator<String> rewrite) {
        List<ConfigProblem> rewrittenProblems = problems.stream()
                .map(p -> p.reworded(rewrite.apply(p.path()), rewrite.apply(p.message()))).toList();
        InvalidConfigException copy = new InvalidConfigException(rewrittenProblems, connectionFailure,
                warnings.stream().map(rewrite).toList(), known, masker, outputs);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** {@code replaced} instead of these problems (the same problems told another way), everything else kept. */
    public InvalidConfigException withProblems(List<ConfigProblem> replaced) {
        return copy(replaced, known, masker, outputs);
    }

    /**
     * Hides the secrets of the refused file in text about it (its report, its problem lines): the values of the
     * fields a connector's, a step's or the workflow's schema calls secret. {@link SecretMasker#NONE} when the
     * file did not parse.
     */
    public SecretMasker masker() {
        return masker == null ? SecretMasker.NONE : masker;
    }

    /** The output steps whose configs bound although the file was refused; {@link OutputSteps#NONE} when none did. */
    public OutputSteps outputs() {
        return outputs;
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
