package io.metaingest.testkit;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The static singletons of the libraries a plugin shares with the runtime (they are loaded
 * parent-first, so a plugin that changes one changes it for every connector in the JVM). Jackson's
 * process-wide defaults are read and restored always; logger settings only when Logback is the
 * SLF4J backend, by class name so the kit runs without Logback too.
 */
final class SharedLibraryState {

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private final StreamReadConstraints readConstraints = StreamReadConstraints.defaults();
    private final StreamWriteConstraints writeConstraints = StreamWriteConstraints.defaults();
    private final ErrorReportConfiguration errorReport = ErrorReportConfiguration.defaults();
    private final Map<String, LogbackLoggers.Settings> loggers = logbackPresent() ? LogbackLoggers.capture() : Map.of();

    private SharedLibraryState() {
    }

    static SharedLibraryState capture() {
        return new SharedLibraryState();
    }

    /** Named readers of each singleton's observable value, compared before and after a run. */
    static Map<String, Supplier<Object>> readers() {
        Map<String, Supplier<Object>> r = new LinkedHashMap<>();
        r.put("Jackson default StreamReadConstraints", () -> describe(StreamReadConstraints.defaults()));
        r.put("Jackson default StreamWriteConstraints",
                () -> "maxNestingDepth=" + StreamWriteConstraints.defaults().getMaxNestingDepth());
        r.put("Jackson default ErrorReportConfiguration", () -> "maxErrorTokenLength="
                + ErrorReportConfiguration.defaults().getMaxErrorTokenLength() + ", maxRawContentLength="
                + ErrorReportConfiguration.defaults().getMaxRawContentLength());
        if (logbackPresent()) {
            r.put("Logback named loggers", () -> LogbackLoggers.capture().toString());
            r.put("Logback root appenders", LogbackLoggers::rootAppenders);
        }
        return r;
    }

    /** Puts every singleton back as captured. */
    void restore() {
        StreamReadConstraints.overrideDefaultStreamReadConstraints(readConstraints);
        StreamWriteConstraints.overrideDefaultStreamWriteConstraints(writeConstraints);
        ErrorReportConfiguration.overrideDefaultErrorReportConfiguration(errorReport);
        if (logbackPresent()) {
            LogbackLoggers.restore(loggers);
        }
    }

    private static String describe(StreamReadConstraints c) {
        return "maxNestingDepth=" + c.getMaxNestingDepth() + ", maxNumberLength=" + c.getMaxNumberLength()
                + ", maxStringLength=" + c.getMaxStringLength() + ", maxNameLength=" + c.getMaxNameLength()
                + ", maxDocumentLength=" + c.getMaxDocumentLength();
    }

    private static boolean logbackPresent() {
        return LOGBACK_CONTEXT.equals(LoggerFactory.getILoggerFactory().getClass().getName());
    }

    /** Touches Logback's classes only once it is known to be the backend. */
    private static final class LogbackLoggers {

        /** What a plugin could set on a named logger. */
        record Settings(String level, boolean additive, String appenders) {
            @Override
            public String toString() {
                return "level " + level + (additive ? "" : ", not additive") + (appenders.isEmpty() ? "" : ", appenders " + appenders);
            }
        }

        static Map<String, Settings> capture() {
            Map<String, Settings> settings = new java.util.TreeMap<>();
            for (ch.qos.logback.classic.Logger logger : context().getLoggerList()) {
                if (ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME.equals(logger.getName())) {
                    continue; // the runtime's: it applies workflowConfig.loggerLevel
                }
                Settings s = new Settings(String.valueOf(logger.getLevel()), logger.isAdditive(), appenders(logger));
                if (logger.getLevel() != null || !logger.isAdditive() || !s.appenders().isEmpty()) {
                    settings.put(logger.getName(), s);
                }
            }
            return settings;
        }

        static Object rootAppenders() {
            return appenders(context().getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME));
        }

        static void restore(Map<String, Settings> captured) {
            for (ch.qos.logback.classic.Logger logger : context().getLoggerList()) {
                if (ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME.equals(logger.getName())) {
                    continue;
                }
                Settings was = captured.get(logger.getName());
                logger.setLevel(was == null ? null : ch.qos.logback.classic.Level.toLevel(was.level(), null));
                logger.setAdditive(was == null || was.additive());
            }
        }

        private static String appenders(ch.qos.logback.classic.Logger logger) {
            StringBuilder names = new StringBuilder();
            logger.iteratorForAppenders().forEachRemaining(a -> names.append(names.length() == 0 ? "" : ",").append(a.getName()));
            return names.toString();
        }

        private static ch.qos.logback.classic.LoggerContext context() {
            return (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        }
    }
}
