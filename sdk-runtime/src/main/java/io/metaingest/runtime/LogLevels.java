package io.metaingest.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code workflowConfig.loggerLevel} (or DEBUG when asked) to the logging backend. SLF4J has
 * no API for levels, so this speaks to Logback when Logback is the backend and does nothing otherwise.
 */
public final class LogLevels {

    private LogLevels() {
    }

    /** Sets the root level: DEBUG when {@code debug}, else {@code workflowLevel} (INFO when null). */
    public static void apply(boolean debug, String workflowLevel) {
        String level = debug ? "DEBUG" : workflowLevel == null ? "INFO" : workflowLevel;
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        // By name, so that this class loads without Logback on the class path.
        if ("ch.qos.logback.classic.Logger".equals(root.getClass().getName())) {
            Logback.setLevel(root, level);
        }
    }

    /** Touches Logback's classes only once it is known to be present. */
    private static final class Logback {
        static void setLevel(Logger root, String level) {
            ((ch.qos.logback.classic.Logger) root).setLevel(ch.qos.logback.classic.Level.toLevel(level,
                    ch.qos.logback.classic.Level.INFO));
        }
    }
}
