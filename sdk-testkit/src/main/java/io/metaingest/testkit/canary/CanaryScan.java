package io.metaingest.testkit.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for the {@link Canary} secrets, in all their {@link Canary#allForms() forms}, in what a
 * build's tests left behind: each module's {@code target/surefire-reports} (test output, logs,
 * failure messages and stack traces) and {@code target/canary-outputs} (run reports and NDJSON that
 * tests write there on purpose). Inputs such as workflow files are not there, so they are not
 * scanned. A leak is reported by file, line and form, never by the line's text, so the report does
 * not leak the canary once more.
 */
public final class CanaryScan {

    /** The folder, under a module's {@code target}, where tests put outputs for the scan. */
    public static final String OUTPUTS = "canary-outputs";

    /**
     * One finding.
     *
     * @param file where
     * @param line 1-based line
     * @param form which canary and form, e.g. {@code password, base64 (offset 2)}
     */
    public record Leak(Path file, int line, String form) {
        @Override
        public String toString() {
            return file + ":" + line + ": the canary " + form;
        }
    }

    /**
     * What one scan found.
     *
     * @param files files scanned
     * @param leaks leaks found
     */
    public record Result(int files, List<Leak> leaks) {
    }

    private CanaryScan() {
    }

    /** The folder under {@code module} whose outputs a test may fill, created if absent. */
    public static Path outputs(Path module) {
        Path dir = module.resolve("target").resolve(OUTPUTS);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scan as a step of a build of your own, after its tests (a single-module connector project
     * has no later module to run it from): {@code args[0]} is the folder to scan (default: the working
     * directory). Throws, naming each leak by file, line and form, when a canary turns up, or when
     * there are no test outputs to scan (run it after the tests); with the exec-maven-plugin goal
     * {@code java} in phase {@code verify} ({@code <mainClass>io.metaingest.testkit.canary.CanaryScan</mainClass>},
     * {@code <classpathScope>test</classpathScope>}, {@code <arguments><argument>${project.basedir}</argument></arguments>})
     * that fails the build. It never calls {@code System.exit}: exec's {@code java} goal runs in Maven's JVM.
     */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath().normalize();
        Result result = scan(root, null);
        System.out.println("canary scan: " + result.files() + " output files under " + root + ", " + result.leaks().size()
                + " leaks");
        if (result.files() == 0) {
            throw new IllegalStateException("canary scan: no test outputs under " + root + " (target/surefire-reports,"
                    + " target/" + OUTPUTS + "): run it after the tests, on the project's folder");
        }
        if (!result.leaks().isEmpty()) {
            throw new IllegalStateException("canary scan: the canary password or token turned up in test outputs:\n"
                    + String.join("\n", result.leaks().stream().map(Leak::toString).toList()));
        }
    }

    /** Scans every module under {@code root} (any depth), skipping {@code exclude} (this module, say) if not null. */
    public static Result scan(Path root, Path exclude) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(CanaryScan::isOutput)
                    .filter(f -> exclude == null || !f.toAbsolutePath().normalize().startsWith(exclude.toAbsolutePath().normalize()))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
        List<Leak> leaks = new ArrayList<>();
        Map<String, String> forms = Canary.allForms();
        for (Path file : files) {
            scanFile(file, forms, leaks);
        }
        return new Result(files.size(), List.copyOf(leaks));
    }

    /** Files under some {@code target/surefire-reports} or {@code target/canary-outputs}. */
    private static boolean isOutput(Path file) {
        Path parent = file.getParent();
        for (Path p = parent; p != null && p.getParent() != null; p = p.getParent()) {
            String name = p.getFileName().toString();
            if ((name.equals("surefire-reports") || name.equals(OUTPUTS))
                    && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("target")) {
                return true;
            }
        }
        return false;
    }

    private static void scanFile(Path file, Map<String, String> forms, List<Leak> leaks) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (Map.Entry<String, String> form : forms.entrySet()) {
            int at = text.indexOf(form.getValue());
            while (at >= 0) {
                leaks.add(new Leak(file, lineOf(text, at), form.getKey()));
                at = text.indexOf(form.getValue(), at + 1);
            }
        }
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
