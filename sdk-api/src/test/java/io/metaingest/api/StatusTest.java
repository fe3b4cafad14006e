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

    /** A source's warning about a setting (a pattern that let nothing through) ends its stream: no entity's may hide it. */
    @Test
    void aWarningNamedByASettingIsKeptHoweverManyWarningsAboutEntitiesCameBefore() {
        Status status = new Status();
        for (int i = 0; i < 50; i++) {
            status.count(Result.warning("fivetran_prod.conn_" + i, "no schedule; left out"));
        }
        String setting = "source.sourceConfig.config.pipelineFilterPattern";
        status.count(Result.warning(setting, "the includes pattern \"^conn_00\" matches no display name"));
        status.count(Result.warning(setting, "the includes pattern \"^conn_00\" matches no display name"));
        for (int i = 0; i < 20; i++) {
            status.count(Result.warning("source.serviceConnection.config.x" + i, "ignored"));
        }

        assertThat(status.warnings()).isEqualTo(72);
        assertThat(status.firstWarnings()).startsWith("fivetran_prod.conn_0: no schedule; left out")
                .contains(setting + ": the includes pattern \"^conn_00\" matches no display name")
                .doesNotHaveDuplicates()
                // Bounded: 10 about entities, then 10 about settings; one naming a setting per entity does not grow it.
                .hasSize(2 * Status.KEPT_DETAILS);
        // A service named "source" is no setting: its entities' warnings are counted as any other's.
        Status named = new Status();
        for (int i = 0; i < 12; i++) {
            named.count(Result.warning("source.shop.public.t" + i, "no owner"));
        }
        assertThat(named.firstWarnings()).hasSize(Status.KEPT_DETAILS);
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
