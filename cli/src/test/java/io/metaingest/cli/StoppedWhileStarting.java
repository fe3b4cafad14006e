package io.metaingest.cli;

import io.metaingest.runtime.Metaingest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link EarlyStopTest}: the JVM begins to shut down (as on a SIGTERM that lands
 * while the command line is parsed), and only then does the command start. Deterministic where a
 * real signal would have to hit a window of a few hundred milliseconds.
 */
public final class StoppedWhileStarting {

    private StoppedWhileStarting() {
    }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            try {
                done.await(30, TimeUnit.SECONDS); // holds the JVM while the command runs, as Main's own hook does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        new Thread(() -> System.exit(143)).start();
        stopping.await();
        int code = Main.execute(new Main(System.out, System.err, Metaingest::discover), args);
        System.out.println("command exit code " + code);
        System.out.flush();
        done.countDown();
    }
}
