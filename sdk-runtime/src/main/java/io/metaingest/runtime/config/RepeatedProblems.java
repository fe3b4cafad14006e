package io.metaingest.runtime.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Folds the same problem found in many items of a list into one line: a list of 5,000 wrong values
 * gives one problem naming the list ({@code names[*]}), how many items have it and the first few,
 * not 5,000 lines that hide every other problem.
 */
final class RepeatedProblems {

    /** Fewer items than this keep a line each. */
    static final int FOLD_FROM = 3;
    /** Items named as examples in a folded line. */
    static final int EXAMPLES = 3;

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private RepeatedProblems() {
    }

    /** The problems, those that differ only in list indexes folded where the first of them was; the rest as they were. */
    static List<ConfigProblem> fold(List<ConfigProblem> problems) {
        Map<String, List<ConfigProblem>> groups = new LinkedHashMap<>();
        for (ConfigProblem problem : problems) {
            groups.computeIfAbsent(key(problem), k -> new ArrayList<>()).add(problem);
        }
        List<ConfigProblem> folded = new ArrayList<>(problems.size());
        for (ConfigProblem problem : problems) {
            List<ConfigProblem> group = groups.get(key(problem));
            if (group.size() < FOLD_FROM || problem.path() == null || !INDEX.matcher(problem.path()).find()) {
                folded.add(problem);
            } else if (group.get(0) == problem) {
                folded.add(foldGroup(group));
            }
        }
        return folded;
    }

    /** The problem with its list indexes left out: problems with the same key differ only in them. */
    private static String key(ConfigProblem problem) {
        String path = problem.path() == null ? "" : problem.path();
        return INDEX.matcher(path).replaceAll("[]") + "\n" + problem.message();
    }

    private static ConfigProblem foldGroup(List<ConfigProblem> group) {
        List<long[]> indexes = group.stream().map(p -> indexes(p.path())).sorted(Arrays::compare).toList();
        // An index all items share stays (serviceConnections[0]); one that varies becomes [*].
        String path = group.get(0).path();
        Matcher m = INDEX.matcher(path);
        StringBuilder pattern = new StringBuilder();
        int position = 0;
        while (m.find()) {
            int at = position++;
            boolean shared = indexes.stream().allMatch(i -> i[at] == indexes.get(0)[at]);
            m.appendReplacement(pattern, shared ? "[" + indexes.get(0)[at] + "]" : "[*]");
        }
        m.appendTail(pattern);
        String examples = indexes.stream().limit(EXAMPLES)
                .map(i -> Arrays.stream(i).mapToObj(n -> "[" + n + "]").collect(Collectors.joining()))
                .collect(Collectors.joining(", "));
        return group.get(0).reworded(pattern.toString(), group.get(0).message() + String.format(Locale.ROOT,
                " (%,d items: %s%s)", group.size(), examples, group.size() > EXAMPLES ? ", …" : ""));
    }

    private static long[] indexes(String path) {
        return INDEX.matcher(path).results().mapToLong(r -> parse(r.group(1))).toArray();
    }

    private static long parse(String digits) {
        // An index too long for a long is still an index; it sorts last.
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
