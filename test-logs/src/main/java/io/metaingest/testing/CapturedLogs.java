package io.metaingest.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a Logback logger (and the loggers below it) logged during a test, from {@link #root()} or
 * {@link #logger(String)} until {@link #close()}: open it in a try-with-resources around the code under test, or
 * as a JUnit {@code @AutoClose} field for every test of a class, then read {@link #events()} (level, logger,
 * throwable, MDC), {@link #messages()} or {@link #lines()}. {@link #of(String, Action)} does it in one call.
 *
 * <p>It sees what passes the levels in force and changes none: a test that needs DEBUG lines sets the level
 * itself.
 */
public final class CapturedLogs implements AutoCloseable {

    /** A test's action, which may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            // The test reads the event later, often on another thread: fix its message, thread name and MDC now.
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private CapturedLogs(Logger logger) {
        this.logger = logger;
        appender.setName("captured-logs");
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts capturing what every logger logs. */
    public static CapturedLogs root() {
        return logger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** Starts capturing what logger {@code name} and the loggers below it log. */
    public static CapturedLogs logger(String name) {
        if (!(LoggerFactory.getLogger(name) instanceof Logger logger)) {
            throw new IllegalStateException("SLF4J is not bound to Logback on this class path ("
                    + LoggerFactory.getILoggerFactory().getClass().getName() + "): nothing to capture");
        }
        return new CapturedLogs(logger);
    }

    /** Starts capturing what {@code type}'s logger and the loggers below it log. */
    public static CapturedLogs logger(Class<?> type) {
        return logger(type.getName());
    }

    /** The "LEVEL message" lines logger {@code name} (and the loggers below it) logged while {@code action} ran. */
    public static List<String> of(String name, Action action) throws Exception {
        try (CapturedLogs logs = logger(name)) {
            action.run();
            return logs.lines();
        }
    }

    /** The "LEVEL message" lines {@code type}'s logger (and the loggers below it) logged while {@code action} ran. */
    public static List<String> of(Class<?> type, Action action) throws Exception {
        return of(type.getName(), action);
    }

    /** The events logged so far, in order. */
    public List<ILoggingEvent> events() {
        // The appender appends under its own lock (AppenderBase): copying under it never sees a half-added event.
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages logged so far, in order. */
    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The lines logged so far, in order, each as "LEVEL message" (say "WARN could not ..."). */
    public List<String> lines() {
        return events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Stops capturing; what was captured stays readable. */
    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
