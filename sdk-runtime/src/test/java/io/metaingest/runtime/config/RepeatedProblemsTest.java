package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedProblemsTest {

    private static final String NOT_A_STRING = "must be a string, not a number";

    @Test
    void theSameProblemInManyItemsOfAListIsOneLineNamingTheListTheCountAndTheFirstItems() {
        List<ConfigProblem> problems = new ArrayList<>();
        problems.add(new ConfigProblem("fuzzKey", "unknown field"));
        for (int i : new int[] {1001, 3, 1, 20, 7}) { // as a validator may report them: sorted as text
            problems.add(new ConfigProblem("source.sourceConfig.config.names[" + i + "]", NOT_A_STRING));
        }
        problems.add(new ConfigProblem("sink.type", "missing"));

        assertThat(new InvalidConfigException(problems).problems()).containsExactly(
                new ConfigProblem("fuzzKey", "unknown field"),
                new ConfigProblem("source.sourceConfig.config.names[*]", NOT_A_STRING + " (5 items: [1], [3], [7], …)"),
                new ConfigProblem("sink.type", "missing"));
    }

    @Test
    void anIndexEveryItemSharesStaysAndOnlyTheOneThatVariesBecomesAStar() {
        List<ConfigProblem> problems = List.of(
                new ConfigProblem("source.connections[2].hosts[0]", NOT_A_STRING),
                new ConfigProblem("source.connections[2].hosts[4]", NOT_A_STRING),
                new ConfigProblem("source.connections[2].hosts[9]", NOT_A_STRING));

        assertThat(RepeatedProblems.fold(problems)).containsExactly(
                new ConfigProblem("source.connections[2].hosts[*]", NOT_A_STRING + " (3 items: [2][0], [2][4], [2][9])"));
    }

    @Test
    void twoItemsOrDifferentMessagesKeepALineEach() {
        List<ConfigProblem> problems = List.of(
                new ConfigProblem("names[0]", NOT_A_STRING),
                new ConfigProblem("names[1]", NOT_A_STRING),
                new ConfigProblem("ports[0]", "must be at least 1"),
                new ConfigProblem("ports[1]", "must be at most 65535"),
                new ConfigProblem("ports[2]", "must be at least 1"));

        assertThat(RepeatedProblems.fold(problems)).isEqualTo(problems);
    }
}
