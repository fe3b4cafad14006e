package io.metaingest.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The service could not be used with the configured connection. The message is shown to users as
 * is ({@link UserFacingMessage}): one line, naming what to check, never containing a secret. The CLI exits with code 3
 * ({@link Reason#SETTING}: 2).
 *
 * <p>A {@link ConnectionTester} whose check fails after others passed attaches their lines with
 * {@link #withPassed}, so {@code test-connection} still prints what did work; one whose checks are
 * independent of each other runs them all and throws {@link #of} the failures with the passed lines,
 * so one answer names everything to fix, one line per failure. The runtime masks and locates each.
 */
public class ConnectionException extends Exception implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** The classes of connection failure a user acts on differently. */
    public enum Reason {
        /** The host or port cannot be reached. */
        UNREACHABLE,
        /** The credentials were refused. */
        AUTHENTICATION,
        /** The database, account or project does not exist. */
        NOT_FOUND,
        /** Connected, but not allowed to read what ingestion needs. */
        PERMISSION,
        /**
         * Connected, but the service refused a setting of the workflow that only it can judge (a filter
         * condition the server cannot run, say): the message starts with the setting's path. A
         * configuration error, not a connection's: the CLI exits with code 2.
         */
        SETTING,
        /** Anything else. */
        OTHER
    }

    private final Reason reason;
    private final List<String> passed;
    private final List<ConnectionException> otherFailures;

    /** Creates an exception with a one-line, secret-free message. */
    public ConnectionException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Creates an exception with a one-line, secret-free message and its cause. */
    public ConnectionException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, List.of(), List.of());
    }

    private ConnectionException(Reason reason, String message, Throwable cause, List<String> passed,
            List<ConnectionException> otherFailures) {
        super(message, cause);
        this.reason = reason;
        this.passed = List.copyOf(passed);
        this.otherFailures = List.copyOf(otherFailures);
    }

    /**
     * The failures of a tester's independent checks, in the order they ran, as one exception: the first,
     * carrying the others ({@link #otherFailures()}, those a failure in the list carries included) and
     * the lines of the checks that passed.
     *
     * @param failures at least one
     * @param passed the lines of the checks that passed, as {@link ConnectionTester#test()} returns them
     */
    public static ConnectionException of(List<ConnectionException> failures, List<String> passed) {
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("no failure to throw");
        }
        List<ConnectionException> all = new ArrayList<>();
        for (ConnectionException failure : failures) {
            all.add(failure);
            all.addAll(failure.otherFailures);
        }
        ConnectionException first = all.get(0);
        return first.copy(passed, all.subList(1, all.size()));
    }

    /**
     * This failure with the lines of the checks that passed before it (as {@link ConnectionTester#test()}
     * returns them, warnings included), keeping {@link #otherFailures()}: a copy with the same reason,
     * message, cause and stack trace, as a {@code ConnectionException}.
     */
    public ConnectionException withPassed(List<String> passed) {
        return copy(passed, otherFailures);
    }

    private ConnectionException copy(List<String> passed, List<ConnectionException> otherFailures) {
        ConnectionException copy = new ConnectionException(reason, getMessage(), getCause(), passed, otherFailures);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The class of failure. */
    public Reason reason() {
        return reason;
    }

    /** The lines of the checks that passed, in the order they ran; empty unless a tester attached them. */
    public List<String> passed() {
        return passed;
    }

    /**
     * The checks that failed besides this one, independent of it, each with its own reason and one-line
     * message, in the order they ran; empty unless a tester attached them ({@link #of}).
     */
    public List<ConnectionException> otherFailures() {
        return otherFailures;
    }
}
