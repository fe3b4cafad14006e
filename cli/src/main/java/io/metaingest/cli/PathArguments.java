package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.files.RunProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * A path given on the command line or in the environment that the JVM cannot name. The JVM decodes both in the
 * locale's encoding ({@code sun.jnu.encoding}) and turns bytes it cannot decode into U+FFFD: under C or POSIX (ASCII)
 * any non-ASCII name, under UTF-8 a name that is not UTF-8 (a Latin-1 file name). {@link Path#of} then throws, or,
 * worse, names another file (U+FFFD is valid UTF-8), so such a value is refused with why and the fix.
 */
final class PathArguments {

    private static final char REPLACEMENT = '\uFFFD';

    private PathArguments() {
    }

    /** Why the JVM cannot name {@code value}, with the fix; empty when it can. */
    static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        boolean undecoded = value.indexOf(REPLACEMENT) >= 0;
        if (!undecoded) {
            try {
                Path.of(value);
                return Optional.empty();
            } catch (InvalidPathException e) {
                // An unpaired surrogate (from an embedding caller), or a character the encoding lacks.
            }
        }
        Charset encoding = encoding();
        String shown = "'" + value + "'";
        if (!encoding.equals(StandardCharsets.UTF_8)) {
            return Optional.of(shown + " holds characters this locale's encoding (" + encoding.name()
                    + ") cannot represent, so the JVM cannot name the file; run under a UTF-8 locale such as LC_ALL=C.UTF-8");
        }
        return Optional.of(shown + " holds bytes that are not valid UTF-8 (a Latin-1 name, say), which the JVM cannot"
                + " name; rename the file or folder to a UTF-8 name (convmv -f latin1 -t utf8), or run under the locale"
                + " it was named in");
    }

    /**
     * {@code value} as a path.
     *
     * @param name how the user gave it ({@code --report}, {@code environment variable report})
     * @throws IllegalArgumentException one line, {@code name: why; fix}, when the JVM cannot name it
     */
    static Path of(String name, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(name + ": " + problem.get());
        }
        return Path.of(value);
    }

    /** {@code value} as a path, or empty when the JVM cannot name it. */
    static Optional<Path> ifNameable(String value) {
        return problem(value).isPresent() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** The encoding the JVM decodes the command line, the environment and file names in. */
    private static Charset encoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** What a report the JVM cannot name adds: the launcher's queued mark on it cannot be ended by this process. */
    static final String MARK_LEFT = "; the queued mark the launcher may have written on it stays (this process cannot"
            + " name the file to end it), until a run that can name it replaces it";

    /** What a report the JVM cannot name adds when its launcher's mark could be found all the same, and was ended. */
    static final String MARK_ENDED = "; the launcher's queued mark on it was ended as failed";

    /**
     * {@code problem}'s line for the report {@code value} names, ending the launcher's queued mark on it as failed
     * when the file can be reached ({@link #ended}): the clause says which.
     */
    static String endingTheMark(String value, String problem, PrintStream err) {
        return problem + (ended(value, problem, err) ? MARK_ENDED : MARK_LEFT);
    }

    /**
     * Ends the launcher's queued mark for this process on the report {@code value} names as failed, for {@code problem};
     * false when the file cannot be reached, or holds no such mark. The launcher wrote the mark by the name's bytes,
     * which the JVM read as U+FFFD: each such part of the path is found among its folder's entries, whose names the
     * JVM decodes the same way and whose bytes it keeps, when exactly one matches.
     */
    static boolean ended(String value, String problem, PrintStream err) {
        Optional<Path> file = reach(value);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            JsonNode mark = Mappers.standard().readTree(in);
            Optional<RunProcess> process = RunProcess.of(mark);
            boolean ours = process.isPresent() && (process.get().pid() == ProcessHandle.current().pid()
                    || String.valueOf(process.get().pid()).equals(System.getProperty(Main.LAUNCHER_PID)));
            boolean queued = mark.path(ReportFile.STATE).asText("").equals(RunState.QUEUED.value());
            if (!ours || !queued || mark.hasNonNull("pipelineRunId")) {
                return false;
            }
            QueuedRun.refused(file.get(), problem, err);
        } catch (IOException | RuntimeException e) {
            return false; // unreadable, not JSON, or a write the encoding cannot name (its temporary file, under ASCII)
        }
        // Said only once it is so: a write that failed (a full disk) leaves the mark, or no file.
        try (InputStream in = Files.newInputStream(file.get())) {
            return Mappers.standard().readTree(in).path(ReportFile.STATE).asText("").equals(RunState.FAILED.value());
        } catch (IOException | RuntimeException e) {
            return false; // gone: the write found no room
        }
    }

    /** The file {@code value} names, its undecodable parts found by their decoded names; empty when not exactly one. */
    static Optional<Path> reach(String value) {
        Path at = value.startsWith("/") ? Path.of("/") : Path.of("");
        for (String part : value.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (problem(part).isEmpty()) {
                at = at.resolve(part);
                continue;
            }
            List<Path> matches;
            try (Stream<Path> entries = Files.list(at)) {
                matches = entries.filter(e -> e.getFileName().toString().equals(part)).limit(2).toList();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            if (matches.size() != 1) {
                return Optional.empty(); // none, or two names the JVM cannot tell apart
            }
            at = matches.get(0);
        }
        return Optional.of(at);
    }

    /** picocli's converter for every {@link Path} option and parameter: {@link Refused} for a path the JVM cannot name. */
    static final class Converter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Optional<String> problem = problem(value);
            if (problem.isPresent()) {
                throw new Refused(problem.get());
            }
            return Path.of(value);
        }
    }

    /** A path value the JVM cannot name; its message is why and the fix, without the option's name. */
    static final class Refused extends CommandLine.TypeConversionException {
        private static final long serialVersionUID = 1L;

        Refused(String problem) {
            super(problem);
        }
    }
}
