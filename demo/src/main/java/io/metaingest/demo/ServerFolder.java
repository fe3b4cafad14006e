package io.metaingest.demo;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the embedded server's programs are unpacked and its data kept: the temporary folder, unless programs cannot
 * run there (a {@code /tmp} mounted {@code noexec}, as hardened hosts and some containers have it), then the user's
 * cache folder. Without this the server's {@code initdb} failed with the bare "Process [...] failed".
 */
final class ServerFolder {

    private ServerFolder() {
    }

    /** The folder to use, from the JVM's temporary folder and the environment's cache folder. */
    static Path choose() {
        return choose(Path.of(System.getProperty("java.io.tmpdir")), cacheFolder(System.getenv()), ServerFolder::runsPrograms);
    }

    /**
     * @param runsPrograms whether a program written into a folder may be run from there
     * @throws DemoDatabase.NotStarted naming both folders and the fix when neither runs programs
     */
    static Path choose(Path temporary, Optional<Path> cache, Predicate<Path> runsPrograms) {
        if (runsPrograms.test(temporary)) {
            return temporary;
        }
        if (cache.isPresent() && runsPrograms.test(cache.get())) {
            return cache.get();
        }
        throw new DemoDatabase.NotStarted("cannot start the embedded PostgreSQL: programs cannot run from " + temporary
                + cache.map(c -> " nor from " + c).orElse("") + " (a folder mounted noexec?); point the JVM's temporary"
                + " folder at one where they can: METAINGEST_JAVA_OPTS=-Djava.io.tmpdir=<folder>");
    }

    /** {@code $XDG_CACHE_HOME/metaingest}, else {@code ~/.cache/metaingest}; empty without either. */
    static Optional<Path> cacheFolder(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            return Optional.of(Path.of(xdg, "metaingest"));
        }
        String home = env.get("HOME");
        return home == null || home.isEmpty() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "metaingest"));
    }

    /**
     * Whether an executable file written into {@code folder} may be run: false on a {@code noexec} mount, where the
     * kernel refuses execute access whatever the file's mode. Creates the folder when it can.
     */
    static boolean runsPrograms(Path folder) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return true; // no mount flags to ask about (Windows)
        }
        Path probe = null;
        try {
            Files.createDirectories(folder);
            probe = Files.createTempFile(folder, "metaingest-exec-", ".probe",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return Files.isExecutable(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a probe left behind is harmless
                }
            }
        }
    }
}
