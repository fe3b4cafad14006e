package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a kit test class with the JUnit Platform launcher and collects what happened to each test. */
final class KitLauncher {

    /**
     * The outcome of one class.
     *
     * @param failures failure message by test display-name path ({@code conformance() / spec: ...})
     * @param passed display-name paths of tests that passed
     * @param skipped the reason by display-name path of tests that were aborted (reported as skipped)
     */
    record Outcome(Map<String, String> failures, List<String> passed, Map<String, String> skipped) {

        /** Every failure, one per line, for assertion messages. */
        String describe() {
            StringBuilder text = new StringBuilder();
            failures.forEach((k, v) -> text.append(k).append(" → ").append(v).append('\n'));
            skipped.forEach((k, v) -> text.append("(skipped) ").append(k).append(" → ").append(v).append('\n'));
            return text.toString();
        }

        /**
         * The message of the one failure, after asserting that {@code check} (its full display-name path) is the
         * only test that failed; the assertion's description is {@link #describe()}, so a mismatch shows every
         * failure, not only the keys.
         */
        String onlyFailure(String check) {
            assertThat(failures).as(describe()).containsOnlyKeys(check);
            return failures.get(check);
        }
    }

    private KitLauncher() {
    }

    static Outcome run(Class<?> kitClass) {
        Map<String, String> failures = new LinkedHashMap<>();
        List<String> passed = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kitClass)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String path = path(id);
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    if (id.isTest()) {
                        passed.add(path);
                    }
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    skipped.put(path, result.getThrowable().map(Throwable::getMessage).orElse(""));
                } else {
                    failures.put(path, result.getThrowable().map(String::valueOf).orElse(result.getStatus().name()));
                }
            }

            private String path(TestIdentifier id) {
                List<String> names = new ArrayList<>();
                for (TestIdentifier at = id; at != null; at = plan.getParent(at).orElse(null)) {
                    if (at.getSource().isPresent() || at.getParentId().isPresent()) {
                        names.add(0, at.getDisplayName());
                    }
                }
                return String.join(" / ", names.subList(Math.min(1, names.size()), names.size()));
            }
        });
        return new Outcome(failures, passed, skipped);
    }
}
