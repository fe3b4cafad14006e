package io.metaingest.runtime.exec;

import io.metaingest.api.UserFacingMessage;

/** A record a step refused for its type, told as the mistake of the step that emitted it. */
final class RecordTypeRefused extends IllegalArgumentException implements UserFacingMessage {
    private static final long serialVersionUID = 1L;

    RecordTypeRefused(String message) {
        super(message);
    }
}
