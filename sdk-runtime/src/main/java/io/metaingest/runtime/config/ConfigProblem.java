package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * One problem in a workflow file. A path or message that quotes a huge value from the file (a key
 * or a type name of a megabyte) is cut in the middle, so one line stays readable.
 *
 * @param path where: a dotted path such as {@code source.serviceConnection.config.hostPort}, or a
 *             file position for syntax errors
 * @param message what is wrong and how to fix it, on one line, without secret values
 * @param machineDependent whether it is a problem of the machine that loads the file rather than of the file (a
 *                         connector's {@link io.metaingest.api.SettingProblem#machineDependent}): a check of the
 *                         file as written, for another machine, leaves it out
 */
public record ConfigProblem(String path, String message, boolean machineDependent) {

    /** The longest path kept whole. */
    static final int MAX_PATH = 300;
    /** The longest message kept whole. */
    static final int MAX_MESSAGE = 1500;

    /** Cuts an overlong path or message in the middle. */
    public ConfigProblem {
        path = cut(path, MAX_PATH);
        message = cut(message, MAX_MESSAGE);
    }

    /** A problem of the file itself, wherever it is loaded. */
    public ConfigProblem(String path, String message) {
        this(path, message, false);
    }

    /** The same kind of problem told at {@code otherPath} with {@code otherMessage} (located, folded, rewritten). */
    public ConfigProblem reworded(String otherPath, String otherMessage) {
        return new ConfigProblem(otherPath, otherMessage, machineDependent);
    }

    /**
     * A part of the file that Jackson could not bind to {@code type}. A check in the record's own
     * constructor (an option it refuses) already says what is wrong and the fix: its message alone,
     * without Jackson's "Cannot construct instance of …".
     */
    static ConfigProblem unbindable(String path, Class<?> type, Exception e) {
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return new ConfigProblem(path, firstLine(v.getCause().getMessage()));
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new ConfigProblem(path, "cannot be read as " + type.getSimpleName() + ": " + firstLine(message));
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int tail = max / 4;
        int head = max - tail;
        return text.substring(0, head) + "…(" + (text.length() - head - tail) + " characters cut)…"
                + text.substring(text.length() - tail);
    }

    @Override
    public String toString() {
        return (path == null || path.isEmpty() ? "(root)" : path) + ": " + message;
    }
}
