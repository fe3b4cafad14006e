package io.metaingest.api;

import java.io.Serial;

/**
 * Thrown by {@link Sink#write} for a record the destination cannot take for a reason that is not a
 * failure of the run: a lineage edge whose table the server does not have yet (OpenMetadata's own
 * connectors leave such an edge out). The runner counts it as the sink's warning, with this message,
 * not as a failure, and the record does not count as written.
 */
public class SkippedRecordException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates one with the reason, said so that the user knows what to do (e.g. "ingest its service first"). */
    public SkippedRecordException(String reason) {
        super(reason);
    }
}
