package io.metaingest.runtime.config;

/**
 * One problem in a workflow file.
 *
 * @param path where: a dotted path such as {@code source.serviceConnection.config.hostPort}, or a
 *             file position for syntax errors
 * @param message what is wrong and how to fix it, on one line, without secret values
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return (path == null || path.isEmpty() ? "(root)" : path) + ": " + message;
    }
}
