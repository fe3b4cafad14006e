package io.metaingest.toolkit.quality;

/** A test case's parameter is missing or unusable; the test is aborted with this message. */
public final class BadParameterException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the parameter and what is wrong. */
    public BadParameterException(String message) {
        super(message);
    }
}
