package io.metaingest.runtime;

import com.google.inject.Guice;
import io.metaingest.runtime.config.ConfigWarmUp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises, on a second thread, the libraries every run needs next (JSON, YAML, JSON
 * Schema, secure random numbers, logging, injection) while the main thread parses the command
 * line. A short run spends most of its start-up running such code for the first time, one library
 * after the other on one core; this overlaps part of it with the command line's parsing. It only
 * runs library code on throw-away inputs, so nothing a run sees depends on whether it has finished.
 */
public final class StartUpWarmUp {

    private StartUpWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns that thread at once. */
    public static Thread begin() {
        Thread thread = new Thread(StartUpWarmUp::warmUp, "metaingest-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Runs the libraries once; returns what one of them threw, which only a test looks at. */
    static Optional<Throwable> warmUp() {
        try {
            Mappers.standard().writeValueAsBytes(Map.of("warm-up", List.of(1, "two")));
            ConfigWarmUp.run();
            // The run's id (and temporary file names) come from SecureRandom, whose first use loads
            // the security providers: 20-40 ms of the main thread's start-up otherwise.
            UUID.randomUUID();
            LoggerFactory.getILoggerFactory();
            Guice.createInjector();
            return Optional.empty();
        } catch (Exception | LinkageError e) {
            // Only a warm-up: the run does the same work itself and reports any real problem there.
            return Optional.of(e);
        }
    }
}
