package io.metaingest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code metaingest} command in a child JVM (the test class path), so a test can stop it
 * with a signal or run it under resource limits. Stdout goes to a file; stderr is read line by line
 * so a test can act on what the run says. Every wait is bounded: a child that hangs fails its test with
 * the child's thread dump, rather than holding the build until CI's time runs out.
 */
final class ChildCli implements AutoCloseable {

    /** The most a test waits for a line or the end: far more than any of them takes, even on a loaded machine. */
    private static final long WAIT_SECONDS = 120;

    private final Process process;
    /** stderr's lines as a reader thread gets them; empty at its end. */
    private final BlockingQueue<Optional<String>> pending = new LinkedBlockingQueue<>();
    private final List<String> errLines = new ArrayList<>();
    private final Path stdout;
    private boolean errEnded;

    private ChildCli(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (stderr) {
                for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
                    pending.add(Optional.of(line));
                }
            } catch (IOException closed) {
                // The child was killed: its stderr ends here.
            } finally {
                pending.add(Optional.empty());
            }
        }, "child-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code metaingest args}; {@code shellPrefix} (e.g. {@code ulimit -f 64;}) runs before it, or null. */
    static ChildCli start(Path dir, String shellPrefix, String... args) throws IOException {
        List<String> command = command(args);
        if (shellPrefix != null) {
            command = List.of("bash", "-c", shellPrefix + " exec " + quoted(command));
        }
        return start(dir, command);
    }

    /**
     * Starts {@code metaingest args | reader} (e.g. {@code head -n 1}); the exit code is the
     * command's ({@code pipefail}), stdout is what the reader printed.
     */
    static ChildCli piped(Path dir, String reader, String... args) throws IOException {
        return start(dir, List.of("bash", "-c", "set -o pipefail; " + quoted(command(args)) + " | " + reader));
    }

    /** Starts {@code mainClass args} on the tests' class path, as {@link #start} starts the command. */
    static ChildCli startMain(Path dir, Class<?> mainClass, String... args) throws IOException {
        return start(dir, command(mainClass.getName(), args));
    }

    private static List<String> command(String... args) {
        return command("io.metaingest.cli.Main", args);
    }

    private static List<String> command(String mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String quoted(List<String> command) {
        StringBuilder line = new StringBuilder();
        command.forEach(part -> line.append(" '").append(part.replace("'", "'\\''")).append("'"));
        return line.toString();
    }

    private static ChildCli start(Path dir, List<String> command) throws IOException {
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
        return new ChildCli(process, out);
    }

    /** Reads stderr until a line matches; false when the process ended first. Fails when neither comes in time. */
    boolean awaitErr(Predicate<String> condition) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!errEnded) {
            Optional<String> line;
            try {
                line = pending.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading the child's stderr");
            }
            if (line == null) {
                throw stuck();
            }
            if (line.isEmpty()) {
                errEnded = true;
            } else {
                errLines.add(line.get());
                if (condition.test(line.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The child is still running past the bound: its JVMs' thread dumps go into the failure, and it is killed. */
    private AssertionError stuck() throws IOException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        StringBuilder dumps = new StringBuilder();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        for (ProcessHandle each : all) {
            if (each.info().command().filter(c -> c.endsWith("java")).isPresent() && Files.isExecutable(jcmd)) {
                Path file = Files.createTempFile(stdout.getParent(), "threads", ".txt");
                Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(each.pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(file.toFile()).start();
                try {
                    dump.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                dump.destroyForcibly();
                dumps.append(Files.readString(file));
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
        return new AssertionError("the child did not end within " + WAIT_SECONDS + " s; its stderr:\n"
                + String.join("\n", errLines) + "\nits threads:\n" + dumps);
    }

    /** Sends SIGTERM (with kill(1): Process.destroy would also close the pipes we read). */
    void terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
    }

    /** Waits for the end (stderr read to its end) and returns the exit code. Fails when it does not come in time. */
    int exitCode() throws IOException, InterruptedException {
        awaitErr(line -> false);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw stuck();
        }
        return process.exitValue();
    }

    List<String> errLines() {
        return errLines;
    }

    String out() throws IOException {
        return Files.readString(stdout);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
