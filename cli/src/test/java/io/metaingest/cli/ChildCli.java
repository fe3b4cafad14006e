package io.metaingest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code metaingest} command in a child JVM (the test class path), so a test can stop it
 * with a signal or run it under resource limits. Stdout goes to a file; stderr is read line by line
 * so a test can act on what the run says.
 */
final class ChildCli implements AutoCloseable {

    private final Process process;
    private final BufferedReader stderr;
    private final List<String> errLines = new ArrayList<>();
    private final Path stdout;

    private ChildCli(Process process, Path stdout) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
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

    /** Reads stderr until a line matches; false when the process ended first. */
    boolean awaitErr(Predicate<String> condition) throws IOException {
        for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
            errLines.add(line);
            if (condition.test(line)) {
                return true;
            }
        }
        return false;
    }

    /** Sends SIGTERM (with kill(1): Process.destroy would also close the pipes we read). */
    void terminate() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
    }

    /** Waits for the end (stderr read to its end) and returns the exit code. */
    int exitCode() throws IOException, InterruptedException {
        awaitErr(line -> false);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end: " + String.join("\n", errLines));
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
