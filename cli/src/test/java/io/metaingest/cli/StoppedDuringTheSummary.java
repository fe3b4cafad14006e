package io.metaingest.cli;

import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link StopAfterTheCommitTest}: runs {@link Main#main} ({@code args} after the first, the
 * sink's target) and sends itself a real SIGTERM once the target has been moved into place, while the command is
 * held before its summary: it holds the command's standard error (the summary's stream) from before the run until
 * the JVM has begun to shut down. So the stop lands after the commit and the final report, before the last lines,
 * every time, where a signal from outside would have to hit a window of milliseconds.
 */
public final class StoppedDuringTheSummary {

    private StoppedDuringTheSummary() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopping::countDown, "test-stopping"));
        PrintStream before = System.err;
        WatchService watcher = FileSystems.getDefault().newWatchService();
        target.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        Thread stopper = new Thread(() -> hold(before, watcher, target, stopping), "test-stopper");
        stopper.setDaemon(true);
        stopper.start();
        Main.main(Arrays.copyOfRange(args, 1, args.length));
    }

    /** Holds the command's standard error (once Main has set it) until the stop, sent after the target's commit, has begun. */
    private static void hold(PrintStream before, WatchService watcher, Path target, CountDownLatch stopping) {
        try {
            while (System.err == before) {
                Thread.onSpinWait(); // Main sets it first thing, long before the run prints anything
            }
            synchronized (System.err) {
                for (boolean moved = false; !moved; ) {
                    WatchKey key = watcher.take();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        moved |= target.getFileName().equals(event.context());
                    }
                    key.reset();
                }
                new ProcessBuilder("kill", "-TERM", Long.toString(ProcessHandle.current().pid())).inheritIO().start()
                        .waitFor();
                if (!stopping.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the SIGTERM did not begin the JVM's shutdown");
                }
            }
        } catch (Exception e) {
            e.printStackTrace(before);
            Runtime.getRuntime().halt(99);
        }
    }
}
