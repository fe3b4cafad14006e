package io.metaingest.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One log line, {@code 2026-11-30T09:00:31.730Z LEVEL Logger - message}, then the stack trace when there
 * is one: what the pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z', UTC} %-5level %logger{0} - %msg%n}
 * prints. An ISO-8601 instant in UTC, not the local time of day: an orchestrator's logs of runs in other
 * zones, or over midnight, are put side by side by it. Written out because
 * Logback's pattern layout parses its pattern, builds a table of some fifty converters and a date
 * formatter at start-up, on every run, for a format that never changes (about 25 ms of a short run's
 * main thread, benchmarks/RESULTS.md section 5). An event's exception is its stack trace at debug level only;
 * otherwise the line ends with the exception's type and first message line.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {

    private static final int LEVEL_WIDTH = 5;

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(96);
        LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), ZoneOffset.UTC);
        int year = time.getYear();
        twoDigits(line, year / 100);
        twoDigits(line, year % 100).append('-');
        twoDigits(line, time.getMonthValue()).append('-');
        twoDigits(line, time.getDayOfMonth()).append('T');
        twoDigits(line, time.getHour()).append(':');
        twoDigits(line, time.getMinute()).append(':');
        twoDigits(line, time.getSecond()).append('.');
        int millis = time.getNano() / 1_000_000;
        line.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10))
                .append('Z');
        String level = event.getLevel().toString();
        line.append(' ').append(level);
        for (int pad = level.length(); pad < LEVEL_WIDTH; pad++) {
            line.append(' ');
        }
        String logger = event.getLoggerName();
        line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length());
        line.append(" - ").append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return line.append(CoreConstants.LINE_SEPARATOR).toString();
        }
        if (stackTraces()) {
            // Each of the trace's lines ends with a line separator.
            return line.append(CoreConstants.LINE_SEPARATOR).append(ThrowableProxyUtil.asString(thrown)).toString();
        }
        // A library's error logged with its exception (the server library's failed stop, say) stays one line.
        String type = thrown.getClassName().substring(thrown.getClassName().lastIndexOf('.') + 1);
        String message = thrown.getMessage() == null ? "" : ": " + thrown.getMessage().lines().findFirst().orElse("");
        return line.append(" (").append(type).append(message).append("; --debug shows the stack trace)")
                .append(CoreConstants.LINE_SEPARATOR).toString();
    }

    /** Stack traces at debug level only ({@code --debug}, or a workflow's {@code loggerLevel: DEBUG}). */
    private boolean stackTraces() {
        return getContext() instanceof LoggerContext context
                && context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getEffectiveLevel().toInt() <= Level.DEBUG_INT;
    }

    private static StringBuilder twoDigits(StringBuilder line, int value) {
        return line.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
