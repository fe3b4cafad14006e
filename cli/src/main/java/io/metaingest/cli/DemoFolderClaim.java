package io.metaingest.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A demo's hold on its output folder for as long as it runs. Two demos in one folder rewrite each other's
 * workflow files: the first then ran its next workflow against the second's server with its own password
 * ("authentication failed", exit 3). The hold is a lock on a hidden file in the folder, which the system
 * releases when the process ends, however it ends; the file itself stays (removing it would let a third
 * demo lock a new file while a second still holds the old one).
 */
final class DemoFolderClaim implements AutoCloseable {

    /** The lock's file in the output folder. */
    static final String LOCK_FILE = ".metaingest-demo.lock";

    private final FileChannel channel;

    private DemoFolderClaim(FileChannel channel) {
        this.channel = channel;
    }

    /** Why {@code folder} cannot be claimed, as the {@code --out} problem's text, or the claim. */
    record Outcome(Optional<DemoFolderClaim> claim, Optional<String> problem) { }

    /** Creates {@code folder} if needed and claims it; another demo holding it is the problem returned. */
    static Outcome claim(Path folder) {
        Path absolute = folder.toAbsolutePath();
        FileChannel channel = null;
        try {
            Files.createDirectories(absolute);
            channel = FileChannel.open(absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another demo in this JVM
            }
            if (lock == null) {
                channel.close();
                return new Outcome(Optional.empty(), Optional.of(absolute + " is in use by another demo still going on;"
                        + " wait for it to end, or give this one a folder of its own"));
            }
            return new Outcome(Optional.of(new DemoFolderClaim(channel)), Optional.empty());
        } catch (IOException e) {
            closeQuietly(channel);
            return new Outcome(Optional.empty(), Optional.of("cannot claim " + absolute + " for the demo ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a folder you can write"));
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held yet: nothing to release
        }
    }

    /** Releases the folder (closing the channel releases its lock). */
    @Override
    public void close() {
        closeQuietly(channel);
    }
}
