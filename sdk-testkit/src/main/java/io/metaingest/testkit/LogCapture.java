package io.metaingest.testkit;

import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * What is logged through SLF4J during a kit run, whatever the test's own logging configuration does
 * with it (a {@code logback-test.xml} that writes to a file, say): with Logback as SLF4J's provider,
 * which sdk-testkit brings, an appender of the kit's own on the root logger for the length of the run.
 * Without a provider SLF4J drops every line, so a secret a connector logs cannot be seen: {@link
 * #unchecked()} says so, and the secret check fails rather than pass having looked at nothing.
 */
final class LogCapture implements AutoCloseable {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";
    private static final String NOP_FACTORY = "org.slf4j.helpers.NOPLoggerFactory";

    private final StringBuffer lines = new StringBuffer();
    private final Runnable detach;

    private LogCapture(boolean attach) {
        this.detach = attach ? LogbackAppender.attach(lines) : () -> { };
    }

    /** Starts capturing; capturing nothing when Logback is not the provider. */
    static LogCapture start() {
        return new LogCapture(logbackIsProvider());
    }

    /** Everything logged since {@link #start()}, a line per event (with its exception, if any). */
    String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        detach.run();
    }

    /** Why the logs of a run cannot be checked, as one line with the fix; empty when they can. */
    static Optional<String> unchecked() {
        if (!NOP_FACTORY.equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
            return Optional.empty();
        }
        return Optional.of("logs not checked: no SLF4J provider on the test class path, so SLF4J drops every line a"
                + " connector logs (a logged secret would go unseen); add ch.qos.logback:logback-classic in test scope"
                + " (sdk-testkit brings it: do not exclude it)");
    }

    private static boolean logbackIsProvider() {
        return LOGBACK_CONTEXT.equals(LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** Touches Logback's classes only once it is known to be the provider. */
    private static final class LogbackAppender
            extends ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> {

        private final StringBuffer lines;

        private LogbackAppender(StringBuffer lines) {
            this.lines = lines;
        }

        static Runnable attach(StringBuffer lines) {
            ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
            ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            LogbackAppender appender = new LogbackAppender(lines);
            appender.setContext(context);
            appender.setName("metaingest-kit-capture");
            appender.start();
            root.addAppender(appender);
            return () -> {
                root.detachAppender(appender);
                appender.stop();
            };
        }

        @Override
        protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
            StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
                    .append(": ").append(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                line.append('\n').append(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            lines.append(line).append('\n');
        }
    }
}
