package io.metaingest.toolkit.quality;

import io.metaingest.api.UserFacingMessage;

/** A test case's parameter is missing or unusable; the test is aborted with this message, shown as it is. */
public final class BadParameterException extends Exception implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the parameter and what is wrong. */
    public BadParameterException(String message) {
        super(message);
    }
}
