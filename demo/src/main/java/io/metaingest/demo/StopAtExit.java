package io.metaingest.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one embedded server and deletes its data folder exactly once: when the demo closes it, or when the JVM ends
 * first (a SIGTERM, a Ctrl-C), also while the server is still starting. The server library's own exit hook is
 * registered only once its start has returned, and is refused while the JVM is ending: a stop during the start left
 * the server running with no owner, still trusting every local connection, and its data in the temporary folder.
 * Here the hook is registered before the data folder exists; an exit during a start waits (bounded) for that start
 * to return, then stops what it started, and no start begins once the JVM is ending.
 */
final class StopAtExit {

    private static final Logger LOG = LoggerFactory.getLogger(StopAtExit.class);

    /** How long an exit waits for a start in progress (initdb and the server's start: 1–3 s here). */
    static final Duration START_WAIT = Duration.ofSeconds(20);
    /** How long a stop waits for a server found only by its pid file to end before killing it. */
    private static final Duration PID_STOP_WAIT = Duration.ofSeconds(5);

    private final Path dataDirectory;
    private final Duration startWait;
    private final Thread hook;
    private boolean starting;
    private boolean exiting;
    private boolean stopped;
    private boolean stopDone;
    private EmbeddedPostgres server;

    /** A guard not yet registered with the JVM: {@link #watch} registers one; tests call {@link #onExit} themselves. */
    StopAtExit(Path dataDirectory) {
        this(dataDirectory, START_WAIT);
    }

    /** As {@link #StopAtExit(Path)}, an exit waiting at most {@code startWait} for a start in progress. */
    StopAtExit(Path dataDirectory, Duration startWait) {
        this.dataDirectory = dataDirectory;
        this.startWait = startWait;
        this.hook = new Thread(this::onExit, "metaingest-demo-server-stop");
    }

    /**
     * Watches {@code dataDirectory} (not created yet) from now on.
     *
     * @throws DemoDatabase.Stopped when the JVM is ending already
     */
    static StopAtExit watch(Path dataDirectory) {
        StopAtExit guard = new StopAtExit(dataDirectory);
        try {
            Runtime.getRuntime().addShutdownHook(guard.hook);
        } catch (IllegalStateException ending) {
            throw new DemoDatabase.Stopped();
        }
        return guard;
    }

    /**
     * A start is about to run.
     *
     * @throws DemoDatabase.Stopped once the JVM is ending: no server may start then
     */
    synchronized void starting() {
        refuseIfExiting();
        starting = true;
    }

    /**
     * Goes on only while the JVM is not ending.
     *
     * @throws DemoDatabase.Stopped once it is: what failed, or would start now, fails because of the stop
     */
    synchronized void refuseIfExiting() {
        if (exiting) {
            throw new DemoDatabase.Stopped();
        }
    }

    /** The start returned {@code started}, or null when it failed: an exit waiting for it goes on. */
    void started(EmbeddedPostgres started) {
        boolean late;
        synchronized (this) {
            starting = false;
            server = started;
            late = stopped && started != null; // the exit stopped waiting for this start: nobody else stops it
            notifyAll();
        }
        if (late) {
            stop(started);
        }
    }

    /** Whether the JVM is ending: what fails now fails because of the stop. */
    synchronized boolean exiting() {
        return exiting;
    }

    /** The demo is done with the server: stops it and deletes its data, unless an exit has (or is doing so). */
    void close() {
        EmbeddedPostgres running;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            running = server;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ending) {
            // The JVM is ending: the hook runs, waits for this stop to finish and leaves the rest to it.
        }
        stop(running);
    }

    /** The hook: waits for a start in progress, then stops whatever runs and deletes the folder. */
    void onExit() {
        EmbeddedPostgres running;
        synchronized (this) {
            exiting = true;
            long deadline = System.nanoTime() + startWait.toNanos();
            awaitUntil(() -> !starting, deadline);
            if (stopped) {
                // The demo's own close is stopping it: the JVM must not end before that is done.
                awaitUntil(() -> stopDone, deadline);
                return;
            }
            stopped = true;
            running = server;
        }
        stop(running);
    }

    /** Waits, holding this object's monitor, until {@code done} holds or {@code deadline} (nano time) passes. */
    private void awaitUntil(java.util.function.BooleanSupplier done, long deadline) {
        try {
            while (!done.getAsBoolean() && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop(EmbeddedPostgres running) {
        try {
            if (running != null) {
                running.close();
            } else {
                stopByPidFile();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not stop the embedded PostgreSQL cleanly: {}", e.getMessage());
        } finally {
            try {
                deleteTree(dataDirectory);
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", dataDirectory, e.getMessage());
            }
            synchronized (this) {
                stopDone = true;
                notifyAll();
            }
        }
    }

    /**
     * A start that failed or had not returned may still have left a server running: the one named by the folder's
     * {@code postmaster.pid}, asked to end (SIGTERM: a smart shutdown; it has no clients), then killed.
     */
    private void stopByPidFile() throws IOException {
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        process.destroy();
        try {
            process.onExit().get(PID_STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The live server process named by the folder's {@code postmaster.pid}, if any. */
    static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty(); // being written: the server has not started
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
