package io.metaingest.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code workflowConfig.loggerLevel} (or {@code --debug}) to Logback. */
final class Logging {

    private Logging() {
    }

    /** Sets the root level: DEBUG with {@code --debug}, else the workflow's level (INFO when null). */
    static void apply(boolean debug, String workflowLevel) {
        String level = debug ? "DEBUG" : workflowLevel == null ? "INFO" : workflowLevel;
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
