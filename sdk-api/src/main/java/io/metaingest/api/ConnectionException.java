package io.metaingest.api;

/**
 * The service could not be used with the configured connection. The message is shown to users as
 * is ({@link UserFacingMessage}): one line, naming what to check, never containing a secret. The CLI exits with code 3
 * ({@link Reason#SETTING}: 2).
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

    /** Creates an exception with a one-line, secret-free message. */
    public ConnectionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Creates an exception with a one-line, secret-free message and its cause. */
    public ConnectionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The class of failure. */
    public Reason reason() {
        return reason;
    }
}
