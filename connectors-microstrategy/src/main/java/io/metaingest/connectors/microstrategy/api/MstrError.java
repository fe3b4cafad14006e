package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of an error answer: {@code {code, message, ticketId, iServerCode?}}.
 *
 * @param code e.g. {@code ERR009} (session invalid or timed out), {@code ERR003} (login failed)
 * @param message the vendor's message
 * @param ticketId the server's log ticket, to quote to an administrator
 * @param iServerCode the Intelligence Server's code, when there is one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrError(String code, String message, String ticketId, Long iServerCode) {

    /** The session is invalid or has timed out; a new login fixes it. */
    public static final String SESSION_EXPIRED = "ERR009";

    /** The object asked for (a project by name, say) does not exist or is not loaded. */
    public static final String NOT_FOUND = "ERR004";
}
