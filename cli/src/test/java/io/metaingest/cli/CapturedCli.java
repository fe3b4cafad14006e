package io.metaingest.cli;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code metaingest} command run in-process, as an embedding application runs it, with what it prints on
 * stdout and stderr kept for the test to read. What each run prints adds to what the earlier ones printed, until
 * {@link #reset}.
 */
final class CapturedCli {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /**
     * A runtime of the connectors {@code specs}, reading its {@code ${VAR}}s from {@code environment}: for a
     * {@link #main(Function)} whose connectors the test chooses.
     */
    static Metaingest runtime(ServiceSpecRegistry specs, Map<String, String> environment) {
        return new Metaingest(specs, Mappers.standard(), Clock.systemUTC(), environment::get);
    }

    /** The connectors on the test class path (and in {@code --plugins}), reading {@code environment}. */
    static Function<Path, Metaingest> discovering(Map<String, String> environment) {
        return plugins -> runtime(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), plugins),
                environment);
    }

    /** Runs {@code metaingest args} with the connectors discovered on the test class path; returns its exit code. */
    int run(String... args) {
        return Main.execute(main(Metaingest::discover), args);
    }

    /** As {@link #run(String...)}, the command reading {@code environment} instead of the process's. */
    int run(Map<String, String> environment, String... args) {
        return Main.execute(main(Metaingest::discover, environment), args);
    }

    /** A command printing here, whose runtime {@code runtime} makes from the plugin folder. */
    Main main(Function<Path, Metaingest> runtime) {
        return new Main(printing(out), printing(err), runtime);
    }

    /** As {@link #main(Function)}, the command reading {@code environment} instead of the process's. */
    Main main(Function<Path, Metaingest> runtime, Map<String, String> environment) {
        return new Main(printing(out), printing(err), runtime, environment);
    }

    /** A command printing its stdout to {@code stdout} instead (a failing one, say), its stderr here. */
    Main printingTo(PrintStream stdout) {
        return new Main(stdout, stderr(), Metaingest::discover);
    }

    /** A stream into what {@link #err} returns, for the code under test that takes stderr itself. */
    PrintStream stderr() {
        return printing(err);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Stdout then stderr: all the command said. */
    String console() {
        return out() + err();
    }

    /** Forgets what the runs so far printed. */
    void reset() {
        resetOut();
        resetErr();
    }

    /** Forgets what the runs so far printed on stdout, keeping their stderr. */
    void resetOut() {
        out.reset();
    }

    /** Forgets what the runs so far printed on stderr, keeping their stdout. */
    void resetErr() {
        err.reset();
    }

    private static PrintStream printing(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
