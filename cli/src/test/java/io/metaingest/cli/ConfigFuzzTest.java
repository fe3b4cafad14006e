package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config fuzz: {@value #CASES} malformed or hostile workflow files from {@link WorkflowFuzzer}, run
 * in-process through the CLI's entry point ({@code validate}, {@code ingest}, {@code test-connection}
 * in turn), and a handful as real processes. Every one must exit 2 with a message, within
 * {@link #BOUND} each, without a stack trace. The seed is fixed (set another with
 * {@code -Dmetaingest.fuzz.seed=N}) and printed.
 */
class ConfigFuzzTest {

    static final int CASES = Integer.getInteger("metaingest.fuzz.cases", 1000);
    static final Duration BOUND = Duration.ofSeconds(10);
    static final long SEED = Long.getLong("metaingest.fuzz.seed", 20_261_128L);
    private static final String[] COMMANDS = {"validate", "ingest", "test-connection"};

    @TempDir
    static Path dir;

    /** Discovery once for all cases; each command still builds its own run from it. */
    private static Metaingest runtime;

    @BeforeAll
    static void discover() {
        runtime = Metaingest.discover(null);
    }

    private record Outcome(int code, String out, String err, long millis) {
    }

    private static Outcome run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        // A thread per case, so that a case that hangs cannot hold up the next ones.
        java.util.concurrent.FutureTask<Integer> code = new java.util.concurrent.FutureTask<>(() -> Main.execute(
                new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        plugins -> runtime), args));
        Thread thread = new Thread(code, "config-fuzz");
        thread.setDaemon(true);
        thread.start();
        try {
            int exit = code.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (TimeoutException e) {
            code.cancel(true);
            thread.interrupt();
            throw new AssertionError("no answer within " + BOUND.toSeconds() + " s: metaingest " + String.join(" ", args), e);
        }
    }

    private static Path write(WorkflowFuzzer.Case c) throws Exception {
        Path file = dir.resolve("case-" + c.index() + "." + c.extension());
        Files.write(file, c.bytes());
        return file;
    }

    @Test
    void theBaseWorkflowsAreValidSoEveryExitTwoComesFromTheMutation() throws Exception {
        for (String name : WorkflowFuzzer.BASES.keySet()) {
            Path file = dir.resolve("base.yaml");
            Files.write(file, WorkflowFuzzer.YAML.writeValueAsBytes(WorkflowFuzzer.base(name, dir.toString())));
            Outcome outcome = run("validate", "-c", file.toString());
            assertThat(outcome.code()).as(name + ": " + outcome.err()).isZero();
        }
    }

    @Test
    void everyMalformedOrHostileFileExitsTwoWithAMessageAndNoStackTrace() throws Exception {
        WorkflowFuzzer fuzzer = new WorkflowFuzzer(SEED, dir.toString());
        List<String> problems = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        long slowest = 0;
        String slowestKind = "";
        long start = System.nanoTime();
        // Two cases at a time (each on its own thread, so a hang cannot hold up the others); results in order.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<WorkflowFuzzer.Case> cases = new ArrayList<>();
            List<java.util.concurrent.Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < CASES; i++) {
                WorkflowFuzzer.Case c = fuzzer.next(i);
                Path file = write(c);
                String command = COMMANDS[i % COMMANDS.length];
                cases.add(c);
                outcomes.add(pool.submit(() -> {
                    try {
                        return run(command, "-c", file.toString());
                    } finally {
                        Files.delete(file);
                    }
                }));
                if (outcomes.size() < 4 && i < CASES - 1) {
                    continue; // keep a few cases ahead, not all 1,000 files on disk at once
                }
                for (int k = 0; k < outcomes.size(); k++) {
                    WorkflowFuzzer.Case done = cases.get(k);
                    String what = "case " + done.index() + " (" + done.kind() + ", " + COMMANDS[done.index() % COMMANDS.length] + ")";
                    Outcome outcome;
                    try {
                        outcome = outcomes.get(k).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError(what + ", seed " + SEED + ", kept as " + keep(done) + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    kinds.merge(done.kind().substring(done.kind().indexOf(" / ") + 3), 1, Integer::sum);
                    if (outcome.millis() > slowest) {
                        slowest = outcome.millis();
                        slowestKind = done.kind();
                    }
                    String problem = check(outcome);
                    if (problem != null) {
                        keep(done);
                        problems.add(what + ": " + problem + "\n  file starts: " + done.preview() + "\n  stderr: "
                                + outcome.err().substring(0, Math.min(2000, outcome.err().length())));
                    }
                }
                cases.clear();
                outcomes.clear();
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (System.nanoTime() - start) / 1_000_000;
        System.out.println("config fuzz: seed " + SEED + " (set with -Dmetaingest.fuzz.seed), " + CASES + " files in "
                + total + " ms, slowest " + slowest + " ms (" + slowestKind + "); kinds " + kinds);
        assertThat(problems).as("seed " + SEED).isEmpty();
    }

    /** Copies a case's file to target/config-fuzz/ for replay by hand. */
    private static Path keep(WorkflowFuzzer.Case c) throws Exception {
        Path kept = Path.of("target", "config-fuzz", "case-" + c.index() + "." + c.extension()).toAbsolutePath();
        Files.createDirectories(kept.getParent());
        Files.write(kept, c.bytes());
        return kept;
    }

    /** What is wrong with an outcome, or null. */
    static String check(Outcome outcome) {
        String all = outcome.out() + outcome.err();
        if (outcome.code() != ExitCodes.INVALID_CONFIG) {
            return "exit " + outcome.code() + " instead of " + ExitCodes.INVALID_CONFIG;
        }
        if (outcome.err().isBlank()) {
            return "no message";
        }
        if (all.contains("\tat ") || all.contains("Exception") || all.contains("--debug for the stack trace")) {
            return "a stack trace or an exception's name";
        }
        if (outcome.err().length() > 20_000) {
            return "a message of " + outcome.err().length() + " characters (the input echoed?)";
        }
        return null;
    }

    @Test
    void aHandfulAsRealProcesses() throws Exception {
        WorkflowFuzzer fuzzer = new WorkflowFuzzer(SEED, dir.toString());
        List<String> wanted = new ArrayList<>(List.of("alias bomb", "invalid UTF-8", "deep nesting", "huge string",
                "unknown keys everywhere"));
        List<WorkflowFuzzer.Case> picked = new ArrayList<>();
        for (int i = 0; i < CASES && !wanted.isEmpty(); i++) {
            WorkflowFuzzer.Case c = fuzzer.next(i);
            wanted.stream().filter(w -> c.kind().contains(w)).findFirst().ifPresent(w -> {
                wanted.remove(w);
                picked.add(c);
            });
        }
        assertThat(wanted).as("kinds not generated").isEmpty();
        long start = System.nanoTime();
        List<ChildCli> children = new ArrayList<>();
        try {
            for (WorkflowFuzzer.Case c : picked) {
                children.add(ChildCli.start(dir, null, "ingest", "-c", write(c).toString()));
            }
            for (int i = 0; i < picked.size(); i++) {
                ChildCli cli = children.get(i);
                int code = cli.exitCode();
                String err = String.join("\n", cli.errLines());
                Outcome outcome = new Outcome(code, cli.out(), err, (System.nanoTime() - start) / 1_000_000);
                assertThat(check(outcome)).as(picked.get(i).kind() + ": " + err).isNull();
            }
        } finally {
            children.forEach(ChildCli::close);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("config fuzz: " + picked.size() + " files as processes in " + took.toMillis() + " ms");
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }
}
