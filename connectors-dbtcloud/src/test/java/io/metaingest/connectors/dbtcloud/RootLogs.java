package io.metaingest.connectors.dbtcloud;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What is logged on the root logger from {@link #capture()} until {@link #close()}: open it in a try-with-resources
 * around the code under test, read {@link #events()} after it.
 */
final class RootLogs implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private RootLogs() {
    }

    /** Starts capturing. */
    static RootLogs capture() {
        RootLogs logs = new RootLogs();
        logs.appender.start();
        logs.root.addAppender(logs.appender);
        return logs;
    }

    /** The events logged while capturing, in order. */
    List<ILoggingEvent> events() {
        return appender.list;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
