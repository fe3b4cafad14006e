package io.metaingest.openmetadata;

import io.metaingest.api.SkippedRecordException;
import java.io.Serial;

/**
 * Thrown for a table's life cycle none of whose aspects is later than what the server holds: nothing
 * was sent, since sending it would move the server's life cycle back in time (a rerun of an older
 * period, or an older query log). The usage bulk sink counts it as filtered, with this message; any
 * other caller sees the skipped record it is.
 */
public final class NothingNewerException extends SkippedRecordException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Creates one saying why nothing was sent. */
    public NothingNewerException(String reason) {
        super(reason);
    }
}
