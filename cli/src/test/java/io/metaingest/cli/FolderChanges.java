package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Waits for what another process writes into a folder: a condition looked at again on each change there. */
final class FolderChanges {

    private FolderChanges() {
    }

    /**
     * The first non-empty value of {@code look} in {@code folder}, looked at now and after each file created or changed
     * there; fails naming {@code what} when none came within {@code timeout}.
     */
    static <T> T await(Path folder, Callable<Optional<T>> look, Duration timeout, String what) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (WatchService watcher = folder.getFileSystem().newWatchService()) {
            folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            while (true) {
                Optional<T> found = look.call();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                WatchKey key = left <= 0 ? null : watcher.poll(left, TimeUnit.MILLISECONDS);
                assertThat(key).as(what + " did not happen within " + timeout).isNotNull();
                key.pollEvents();
                key.reset();
            }
        }
    }

    /** As {@link #await(Path, Callable, Duration, String)} for a condition. */
    static void awaitTrue(Path folder, Callable<Boolean> condition, Duration timeout, String what) throws Exception {
        await(folder, () -> condition.call() ? Optional.of(true) : Optional.empty(), timeout, what);
    }
}
