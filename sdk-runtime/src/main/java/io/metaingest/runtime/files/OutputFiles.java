package io.metaingest.runtime.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a run replaces a file it writes (the file sink's output, the run report, a migrated workflow):
 * the file a link points to, with the permissions the user gave it. Its own package, below the
 * runtime's layers, because the steps and the run's execution both replace files.
 */
public final class OutputFiles {

    /** Tells apart the temporary files one process makes beside the same file. */
    private static final AtomicLong TEMPORARIES = new AtomicLong();

    private OutputFiles() {
    }

    /**
     * Replaces {@code file} with {@code text} (UTF-8) in one step: written to a temporary file beside
     * the file its links point to, with that file's permissions from the first byte, then renamed over
     * it, so a reader sees the old text or the new, never half; the folder is created when missing.
     * The temporary name is this process's own, so two writers of one file never share it.
     */
    public static void replace(Path file, String text) throws IOException {
        Path target = followLinks(file);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + TEMPORARIES.incrementAndGet() + ".tmp");
        try {
            Files.createFile(temporary, createdLike(target));
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            keepPermissions(target, temporary);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The file a path names once its symbolic links are followed (it need not exist): a run that
     * replaces its output must replace the file the user routed it to, not the link.
     */
    public static Path followLinks(Path file) {
        Path at = file.toAbsolutePath().normalize();
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(at); hops++) { // 40: the kernel's own limit
            try {
                at = at.resolveSibling(Files.readSymbolicLink(at)).toAbsolutePath().normalize();
            } catch (IOException | UnsupportedOperationException e) {
                return at; // unreadable link: writing to it reports the problem with its path
            }
        }
        return at;
    }

    /**
     * The attribute that creates a file with the POSIX permissions of {@code existing} (none when it does
     * not exist or the file system has none): a temporary file that will replace a file the user
     * restricted ({@code chmod 600}) is restricted from its first byte, not only once it is renamed, and
     * a leftover of a killed run is not readable by more users than the file it was to replace.
     */
    public static FileAttribute<?>[] createdLike(Path existing) {
        try {
            if (Files.exists(existing)) {
                return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(existing))};
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or not ours to read: the default permissions.
        }
        return new FileAttribute<?>[0];
    }

    /**
     * Gives {@code replacement} the POSIX permissions of {@code existing}, when it exists: a file the
     * user restricted ({@code chmod 600}: sample rows, say) stays restricted once replaced. Nothing
     * happens on a file system without POSIX permissions.
     */
    public static void keepPermissions(Path existing, Path replacement) {
        try {
            if (Files.exists(existing)) {
                Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(existing));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or not ours to read: the new file keeps the default permissions.
        }
    }
}
