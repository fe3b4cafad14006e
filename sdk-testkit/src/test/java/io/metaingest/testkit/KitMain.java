package io.metaingest.testkit;

/**
 * Runs one kit test class in a JVM of its own, for tests that need a class path an author has (one
 * without Logback, say): prints each failure as {@code FAILED <check> → <message>} and each passed check
 * as {@code PASSED <check>}.
 */
public final class KitMain {

    private KitMain() {
    }

    /** {@code args[0]}: the kit test class. */
    public static void main(String[] args) throws ClassNotFoundException {
        KitLauncher.Outcome outcome = KitLauncher.run(Class.forName(args[0]));
        outcome.failures().forEach((check, message) -> System.out.println("FAILED " + check + " → " + message));
        outcome.passed().forEach(check -> System.out.println("PASSED " + check));
        System.exit(0);
    }
}
