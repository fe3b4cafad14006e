package io.metaingest.runtime.sink;

import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks, before a run connects to anything, that an output file (a sink's file, the run report)
 * can be created: by creating and removing a probe file in the nearest existing folder, which also
 * catches read-only mounts and pseudo file systems such as {@code /proc}, where permission bits lie.
 */
public final class WritableFile {

    /** After a path that is a device, a pipe or a terminal: a run writes a file and replaces it when it succeeds. */
    public static final String NOT_REGULAR = " is not a regular file (a device, a pipe or a terminal), and the output is"
            + " written to a file beside it that replaces it when the run succeeds";

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
