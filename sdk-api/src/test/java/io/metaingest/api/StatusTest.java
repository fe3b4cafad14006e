package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void anOutcomeIsKeptAfterTheFirstWarningsHoweverManyCameBefore() {
        Status status = new Status();
        for (int i = 0; i < 3005; i++) {
            status.warning("pg.t" + i, "owner role_x is not in OpenMetadata; left out");
        }
        status.outcome("mark deleted", "marked 5 tables deleted");
        status.warning("pg.late", "another");

        assertThat(status.warnings()).isEqualTo(3007);
        assertThat(status.firstWarnings()).hasSize(Status.KEPT_DETAILS + 1)
                .endsWith("mark deleted: marked 5 tables deleted")
                .startsWith("pg.t0: owner role_x is not in OpenMetadata; left out");
    }

    @Test
    void successIsOkOverOkPlusFailures() {
        assertThat(Status.successPercent(90, 0, 10)).isEqualTo(90.0);
        assertThat(Status.successPercent(60, 30, 10)).isEqualTo(90.0);
        assertThat(Status.successPercent(2, 0, 1)).isEqualTo(66.67);
    }

    @Test
    void zeroRecordsAndZeroFailuresIsAHundred() {
        assertThat(Status.successPercent(0, 0, 0)).isEqualTo(100.0);
    }

    @Test
    void zeroRecordsCountAsOneAgainstFailures() {
        assertThat(Status.successPercent(0, 0, 1)).isEqualTo(50.0);
        assertThat(Status.successPercent(0, 0, 3)).isEqualTo(25.0);
    }

    @Test
    void aNullResultIsAFailure() {
        Status status = new Status();
        assertThat(status.count(null)).isFalse();
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.firstFailures().get(0).error()).startsWith("the step emitted null instead of a Result");
    }

    @Test
    void countsResultsAndKeepsOnlyTheFirstDetails() {
        Status status = new Status();
        for (int i = 0; i < 25; i++) {
            status.count(Result.failed("t" + i, new IllegalStateException("boom " + i)));
            status.count(Result.filtered("f" + i, "excluded"));
            status.count(Result.warning("w" + i, "odd"));
        }
        assertThat(status.count(Result.ok("x"))).isTrue();
        assertThat(status.failures()).isEqualTo(25);
        assertThat(status.filtered()).isEqualTo(25);
        assertThat(status.warnings()).isEqualTo(25);
        assertThat(status.firstFailures()).hasSize(Status.KEPT_DETAILS);
        assertThat(status.firstFailures().get(0).error()).isEqualTo("IllegalStateException: boom 0");
        assertThat(status.firstFailures().get(0).stackTrace()).contains("StatusTest");
        assertThat(status.firstFiltered()).first().isEqualTo("f0: excluded");
    }

    @Test
    void oneLineErrorsHaveNoLineBreaks() {
        assertThat(StepError.oneLine(new RuntimeException("first\n  second"))).isEqualTo("RuntimeException: first second");
        assertThat(StepError.oneLine(new RuntimeException())).isEqualTo("RuntimeException");
    }
}
