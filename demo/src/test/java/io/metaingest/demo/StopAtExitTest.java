package io.metaingest.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit's stop of the demo's server: during its start, found by its pid file, and after the demo's own close. */
class StopAtExitTest {

    @TempDir
    Path dir;

    private EmbeddedPostgres.Builder server(Path data) {
        return EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.resolve("embedded-pg").toFile())
                .setDataDirectory(data).setCleanDataDirectory(true).setRegisterShutdownHook(false)
                .setServerConfig("fsync", "off");
    }

    /** An exit while the server starts waits for the start, then stops the server and deletes its folder. */
    @Test
    void anExitDuringTheStartStopsTheServerOnceItHasStarted() throws Exception {
        Path data = dir.resolve("data");
        StopAtExit guard = new StopAtExit(data);
        Files.createDirectory(data);
        guard.starting();
        Thread exit = new Thread(guard::onExit, "exit");
        exit.start();
        awaitUntil(guard::exiting); // the exit waits for the start from here on
        EmbeddedPostgres started = server(data).start();
        int port = started.getPort();
        assertThat(StopAtExit.postmaster(data)).isPresent();

        guard.started(started);
        exit.join();

        assertThat(refused(port)).as("the server is stopped").isTrue();
        assertThat(data).doesNotExist();
        // No server may start once the JVM is ending.
        assertThatThrownBy(guard::starting).isInstanceOf(DemoDatabase.Stopped.class);
    }

    /** A start that failed after the server came up leaves only its pid file: the server it names is stopped. */
    @Test
    void aServerKnownOnlyByItsPidFileIsStopped() throws Exception {
        Path data = dir.resolve("data");
        StopAtExit guard = new StopAtExit(data);
        EmbeddedPostgres orphan = server(data).start();
        ProcessHandle postmaster = StopAtExit.postmaster(data).orElseThrow();
        guard.starting();
        guard.started(null);

        guard.onExit();

        assertThat(postmaster.onExit().get()).isNotNull();
        assertThat(postmaster.isAlive()).isFalse();
        assertThat(refused(orphan.getPort())).isTrue();
        assertThat(data).doesNotExist();
    }

    /** A start that outlasted the exit's wait stops its server itself as soon as it returns: nobody else would. */
    @Test
    void aStartThatOutlastsTheExitsWaitStopsItsServer() throws Exception {
        Path data = dir.resolve("data");
        StopAtExit guard = new StopAtExit(data, Duration.ZERO);
        guard.starting();
        guard.onExit(); // gives up on the start at once

        EmbeddedPostgres late = server(data).start();
        guard.started(late);

        assertThat(refused(late.getPort())).isTrue();
        assertThat(data).doesNotExist();
    }

    /** The demo's close stops the server; an exit after it has nothing left to do, and does not stop it twice. */
    @Test
    void anExitAfterTheDemosCloseLeavesItAsItIs() throws Exception {
        Path data = dir.resolve("data");
        StopAtExit guard = new StopAtExit(data);
        guard.starting();
        EmbeddedPostgres started = server(data).start();
        guard.started(started);

        guard.close();
        assertThat(refused(started.getPort())).isTrue();
        assertThat(data).doesNotExist();
        Files.createDirectory(data); // would be deleted by a second stop
        guard.onExit();

        assertThat(data).exists();
        assertThat(StopAtExit.postmaster(data)).isEqualTo(Optional.empty());
    }

    private static boolean refused(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2_000);
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    /** Polls {@code condition} (a flag another thread sets at once); fails after 10 s. */
    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition not met within 10 s").isBefore(deadline);
            Thread.onSpinWait();
        }
    }
}
