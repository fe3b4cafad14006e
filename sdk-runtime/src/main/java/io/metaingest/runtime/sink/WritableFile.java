package io.metaingest.runtime.sink;

import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks, before a run connects to anything, that an output file (a sink's file, the run report)
 * can be created: by creating and removing a probe file in the nearest existing folder, which also
 * catches read-only mounts and pseudo file systems such as {@code /proc}, where permission bits lie.
 */
public final class WritableFile {

    /** After a path that is a device, a pipe or a terminal: a run writes a file and replaces it when it succeeds. */
    public static final String NOT_REGULAR = " is not a regular file (a device, a pipe or a terminal), and the output is"
            + " written to a file beside it that replaces it when the run succeeds";

    /**
     * After a path that is, or leads through links to, a descriptor of the process ({@code /dev/stdout},
     * {@code /dev/fd/1}, {@code /proc/self/fd/1}): such a link leads to whatever the stream is redirected to,
     * and a run that replaces its output would replace that file ({@code >> cron.log} lost its lines).
     */
    public static final String DESCRIPTOR = " names a descriptor of the process (standard output or error, or a file"
            + " it has open), not a file, and the run would replace the file or pipe it is redirected to";

    /** /dev/stdin|stdout|stderr, /dev/fd/N and /proc/(self|thread-self|PID)[/task/TID]/fd/N. */
    private static final Pattern DESCRIPTOR_PATH = Pattern.compile(
            "/dev/(stdin|stdout|stderr|fd/[^/]+)|/proc/(self|thread-self|\\d+)(/task/\\d+)?/fd/[^/]+");

    private WritableFile() {
    }

    /**
     * A path that starts with {@code ~}: only a shell expands it, so a workflow's {@code ~/out} would be
     * a folder named {@code ~} in the working directory (which an unquoted {@code rm -rf ~…} later
     * takes for the home folder). The workflow's variables are substituted, so {@code ${HOME}} works.
     */
    private static Optional<String> tilde(Path path) {
        String text = path.toString();
        if (!text.equals("~") && !text.startsWith("~/")) {
            return Optional.empty();
        }
        return Optional.of(text + " starts with ~, which only a shell expands (here it would make a folder named ~);"
                + " write ${HOME}" + text.substring(1));
    }

    /** Why {@code file} cannot be written, on one line naming it; empty when it can. */
    public static Optional<String> problem(Path file) {
        Optional<String> tilde = tilde(file);
        if (tilde.isPresent()) {
            return tilde;
        }
        if (namesDescriptor(file)) {
            return Optional.of(file.toAbsolutePath().normalize() + DESCRIPTOR); // refused whatever stdout is today
        }
        // Named as written: /dev/stdout leads to /proc/self/fd/pipe:[…] or /dev/full, paths the user never wrote.
        Path written = file.toAbsolutePath().normalize();
        if (Files.exists(written) && !Files.isDirectory(written) && !Files.isRegularFile(written)) {
            return Optional.of(written + NOT_REGULAR);
        }
        Path absolute = OutputFiles.followLinks(file); // the file a run writes is the one a link points to
        if (Files.isDirectory(absolute)) {
            return Optional.of(absolute + " is a folder; give a file name");
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            return Optional.of(written + NOT_REGULAR);
        }
        if (!written.equals(absolute) && written.startsWith("/dev") && !Files.exists(absolute)) {
            return Optional.of(written + NOT_REGULAR); // /dev/stdout of a closed descriptor
        }
        return creatableIn(absolute, absolute.getParent());
    }

    /**
     * Whether {@code file}, or a link on its way to the file it names, is a process descriptor: each hop is
     * matched as written and with its folder's links resolved (so {@code /dev/fd/1} and a link to
     * {@code /proc/self/fd} are caught as {@code /proc/PID/fd/1}).
     */
    static boolean namesDescriptor(Path file) {
        Path at = file.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40; hops++) { // 40: the kernel's own limit
            if (descriptorPath(at)) {
                return true;
            }
            if (!Files.isSymbolicLink(at)) {
                return false;
            }
            try {
                at = at.resolveSibling(Files.readSymbolicLink(at)).toAbsolutePath().normalize();
            } catch (IOException | UnsupportedOperationException e) {
                return false; // unreadable link: the other checks report it
            }
        }
        return false;
    }

    private static boolean descriptorPath(Path at) {
        if (DESCRIPTOR_PATH.matcher(at.toString()).matches()) {
            return true;
        }
        Path parent = at.getParent();
        if (parent == null || at.getFileName() == null || !Files.isDirectory(parent)) {
            return false;
        }
        try {
            return DESCRIPTOR_PATH.matcher(parent.toRealPath().resolve(at.getFileName()).toString()).matches();
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** Why files cannot be written into {@code folder} (made when missing), on one line naming it; empty when they can. */
    public static Optional<String> folderProblem(Path folder) {
        Optional<String> tilde = tilde(folder);
        if (tilde.isPresent()) {
            return tilde;
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            return Optional.of(absolute + " is a file, not a folder; give a folder");
        }
        return creatableIn(absolute, absolute);
    }

    /**
     * Whether {@code target} can be created below {@code from}: by creating and removing a probe file
     * in the nearest folder of {@code from} and its parents that exists.
     */
    private static Optional<String> creatableIn(Path target, Path from) {
        Path existing = from;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Optional.of("cannot create " + target + ": " + existing + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".metaingest-probe", ".tmp"));
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            String reason = IoReasons.reason(e);
            if (!existing.equals(from)) {
                // The folder the user named is what is missing: "/proc is not writable" sent them looking at /proc.
                return Optional.of("cannot create " + target + ": the folder " + from + " does not exist and cannot be"
                        + " made in " + existing + " (" + reason + "); create it, or choose a path in an existing folder");
            }
            return Optional.of("cannot create " + target + ": " + existing + " is not writable (" + reason + ")");
        }
    }
}
