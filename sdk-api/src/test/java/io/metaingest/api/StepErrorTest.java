package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a failure reads in the run's summary and report. */
class StepErrorTest {

    /** As a connector's or the toolkit's own exception: its message is written for users. */
    static final class VendorFailure extends RuntimeException implements UserFacingMessage {
        private static final long serialVersionUID = 1L;

        VendorFailure(String message) {
            super(message);
        }
    }

    @Test
    void aMessageWrittenForUsersIsPrintedWithoutTheClassName() {
        assertThat(StepError.oneLine(new VendorFailure("GET /v1/groups: HTTP 500 (after 6 attempts)")))
                .isEqualTo("GET /v1/groups: HTTP 500 (after 6 attempts)");
        assertThat(StepError.oneLine(new IncompleteReadException("could not list groups: HTTP 500", null)))
                .isEqualTo("could not list groups: HTTP 500");
        assertThat(StepError.of("svc.x", new VendorFailure("HTTP 404")).error()).isEqualTo("HTTP 404");
        assertThat(StepError.oneLine(new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot reach db:5432")))
                .isEqualTo("cannot reach db:5432");
        assertThat(StepError.oneLine(new SinkUnavailableException("cannot write out.ndjson: No space left on device")))
                .isEqualTo("cannot write out.ndjson: No space left on device");
    }

    @Test
    void anUnexpectedExceptionKeepsItsClassNameForTheConnectorsAuthor() {
        assertThat(StepError.oneLine(new NullPointerException("Cannot invoke \"String.length()\"")))
                .isEqualTo("NullPointerException: Cannot invoke \"String.length()\"");
        assertThat(StepError.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void aMessageWithoutTextOrOverSeveralLinesStillReadsAsOneLine() {
        assertThat(StepError.oneLine(new VendorFailure(" "))).isEqualTo("VendorFailure");
        assertThat(StepError.oneLine(new VendorFailure("HTTP 500\n  ERR001: corrupt"))).isEqualTo("HTTP 500 ERR001: corrupt");
    }
}
