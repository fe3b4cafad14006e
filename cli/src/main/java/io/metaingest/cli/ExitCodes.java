package io.metaingest.cli;

/** The exit codes of the {@code metaingest} command. */
public final class ExitCodes {
    /** Success or partial success. */
    public static final int OK = 0;
    /** The run failed or ended below its success threshold; or test-connection had nothing to check. */
    public static final int FAILED = 1;
    /** Invalid configuration, unknown service type or bad command line. */
    public static final int INVALID_CONFIG = 2;
    /** The service could not be reached or refused the credentials. */
    public static final int CONNECTION_FAILURE = 3;

    private ExitCodes() {
    }
}
