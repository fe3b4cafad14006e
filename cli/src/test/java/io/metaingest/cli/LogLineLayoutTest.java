package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineLayoutTest {

    /** The pattern the layout stands for; Logback's own layout of it is the reference. */
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %logger{0} - %msg%n";

    private final LoggerContext context = new LoggerContext();

    @Test
    void printsWhatThePatternLayoutPrints() {
        PatternLayout reference = new PatternLayout();
        reference.setContext(context);
        reference.setPattern(PATTERN);
        reference.start();
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        Logger runner = context.getLogger("io.metaingest.runtime.exec.WorkflowRunner");
        Logger bare = context.getLogger("Bare");
        IOException cause = new IOException("disk full");
        List<LoggingEvent> events = List.of(
                event(runner, Level.WARN, "sink {}: {} records", new Object[] {"file", 3}, null, 1_764_403_209_007L),
                event(runner, Level.INFO, "reading", null, null, 1_764_399_600_000L),
                event(bare, Level.DEBUG, "x", null, null, 1_764_446_399_999L),
                event(runner, Level.ERROR, "failed", null, new IllegalStateException("stopped", cause), 1_764_403_209_120L));
        for (LoggingEvent event : events) {
            assertThat(layout.doLayout(event)).isEqualTo(reference.doLayout(event));
        }
        // An instant in UTC whatever the JVM's zone, so logs of several hosts and days line up.
        assertThat(layout.doLayout(events.get(0))).startsWith("2025-11-29T08:00:09.007Z WARN  WorkflowRunner - sink file: 3 records");
    }

    /** Below debug level an event's exception is named on its line, not printed as a stack trace. */
    @Test
    void anExceptionIsOneLineUnlessTheLevelIsDebug() {
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        Logger library = context.getLogger("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        LoggingEvent failed = event(library, Level.ERROR, "Could not stop postmaster", null,
                new IllegalStateException("Process [pg_ctl, stop] failed\nsecond line", new IOException("gone")),
                1_764_403_209_120L);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);

        assertThat(layout.doLayout(failed)).isEqualTo("2025-11-29T08:00:09.120Z ERROR EmbeddedPostgres - Could not stop"
                + " postmaster (IllegalStateException: Process [pg_ctl, stop] failed; --debug shows the stack trace)"
                + System.lineSeparator());

        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
        assertThat(layout.doLayout(failed)).contains("Could not stop postmaster" + System.lineSeparator()
                + "java.lang.IllegalStateException: Process [pg_ctl, stop] failed").contains("\tat ", "Caused by: ");
    }

    private static LoggingEvent event(Logger logger, Level level, String message, Object[] arguments, Throwable thrown,
                                      long millis) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, arguments);
        event.setTimeStamp(millis);
        return event;
    }
}
