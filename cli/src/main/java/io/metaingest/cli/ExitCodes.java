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
    /** A test suite's run succeeded but some of its tests did not pass, with {@code --fail-on-failed-tests}. */
    public static final int TESTS_NOT_PASSED = 4;
    /**
     * The help's line for {@link #TESTS_NOT_PASSED}, the same in {@code metaingest --help} and {@code ingest --help}:
     * it says where the code applies, as only {@code ingest} with its option ends with it.
     */
    static final String TESTS_NOT_PASSED_HELP = "4:with ingest --fail-on-failed-tests, a test suite's run succeeded but"
            + " some of its tests Failed, were Aborted or never ran";
    /**
     * {@code migrate} stopped on an internal error (a bug of metaingest; nothing was written): not {@link #FAILED},
     * which {@code migrate --check} ends with when the file needs changes. 70 is {@code EX_SOFTWARE} of BSD's
     * {@code sysexits.h}, the code for an internal software error.
     */
    public static final int INTERNAL_ERROR = 70;
    /**
     * Standard output was closed by its reader ({@code | head -1}): the command ended quietly with the
     * code the shell's own tools end with on SIGPIPE (128 + 13).
     */
    public static final int READER_CLOSED = 141;

    private ExitCodes() {
    }
}
