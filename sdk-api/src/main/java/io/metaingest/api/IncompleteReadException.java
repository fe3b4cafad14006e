package io.metaingest.api;

/**
 * A source could not list part of the service (a page of a listing failed after the retries), so an
 * unknown number of entities was never read. Thrown from the end of the source's stream (the
 * toolkit's {@code UnreadListings.endOfRead()} does it), once everything else was read: the run then ends as failed,
 * not as a (partial) success computed over the entities it happened to see, and a sink that marks
 * deleted entities skips it, as it does for every run that fails. The message is one line per the
 * run's rules: what could not be listed, why, and what was therefore not read; it is printed as it
 * is, without the class name ({@link UserFacingMessage}). In {@code sdk-api}, not the toolkit, so that the
 * conformance kit can tell this end of a read from other failures whatever copy of the toolkit a plugin
 * carries.
 */
public class IncompleteReadException extends RuntimeException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the one-line, secret-free message
     * @param cause the first failed listing's exception, or null
     */
    public IncompleteReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
