package io.metaingest.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/** What benchmarks set up the same way before measuring. */
public final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    /** Silences metaingest's INFO lines so that per-request logging does not become part of the figure. */
    public static void quietLogging() {
        if (LoggerFactory.getLogger("io.metaingest") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Only warnings from every logger (the embedded server's start-up lines would bury the table). */
    public static void quietAllLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** The 1, 5 and 15 minute load averages, to print beside a figure. */
    public static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** An HTTP/1.1 client like the runtime's, shared by the serial and the parallel runs. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
