package io.metaingest.runtime.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What a logger logged while a test's action ran, as "LEVEL message" lines. */
public final class CapturedLogs {

    /** A test's action, which may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private CapturedLogs() {
    }

    /** The lines logger {@code name} logged while {@code action} ran. */
    public static List<String> of(String name, Action action) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(name);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** The lines {@code type}'s logger logged while {@code action} ran. */
    public static List<String> of(Class<?> type, Action action) throws Exception {
        return of(type.getName(), action);
    }
}
