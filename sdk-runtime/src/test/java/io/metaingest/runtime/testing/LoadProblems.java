package io.metaingest.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What a refused workflow's load says: the lines the user reads. */
public final class LoadProblems {

    private LoadProblems() {
    }

    /** The problems, one line each, of the workflow {@code load} refuses; the test fails if it loads. */
    public static List<String> problemsOf(ThrowingCallable load) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, load);
        assertThat(e).as("expected configuration problems").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
