package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.config.ProfilerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements each sampling reads rows with. */
class SamplingTest {

    private static ProfileTarget table(String relkind) {
        return new ProfileTarget("s", "t", "s.t", relkind, 200, true, null, List.of());
    }

    @Test
    void aPercentageOfATableReadsChosenPagesAndOfRowsWhenThoseCameBackEmpty() {
        Sampling pages = new Sampling("PERCENTAGE", 50);
        assertThat(pages.blockSampled(table("r"))).isTrue();
        assertThat(pages.select("x", table("r"))).isEqualTo("SELECT x FROM s.t TABLESAMPLE SYSTEM (50.0)");
        Sampling rows = pages.ofRows();
        assertThat(rows.blockSampled(table("r"))).isFalse();
        assertThat(rows.select("x", table("r"))).isEqualTo("SELECT x FROM s.t TABLESAMPLE BERNOULLI (50.0)");
    }

    @Test
    void samplingMethodTypeBernoulliPicksRowsAndSystemOrNonePicksPages() {
        ProfilerConfig bernoulli = new ProfilerConfig(null, null, null, null, null, null, null, null, "PERCENTAGE", 20.0,
                null, null, "BERNOULLI");
        assertThat(Sampling.of(bernoulli).select("x", table("r"))).isEqualTo("SELECT x FROM s.t TABLESAMPLE BERNOULLI (20.0)");
        assertThat(Sampling.of(bernoulli).forTable(table("r"), 8_192)).as("rows are picked on a small table too")
                .isEqualTo(Sampling.of(bernoulli));
        for (String method : new String[] {"SYSTEM", null}) {
            ProfilerConfig pages = new ProfilerConfig(null, null, null, null, null, null, null, null, "PERCENTAGE", 20.0,
                    null, null, method);
            assertThat(Sampling.of(pages).select("x", table("r"))).isEqualTo("SELECT x FROM s.t TABLESAMPLE SYSTEM (20.0)");
        }
    }

    @Test
    void viewsRowLimitsAndWholeTablesAreNeverBlockSampled() {
        assertThat(new Sampling("PERCENTAGE", 50).blockSampled(table("v"))).isFalse();
        assertThat(new Sampling("ROWS", 100).blockSampled(table("r"))).isFalse();
        assertThat(Sampling.WHOLE_TABLE.blockSampled(table("r"))).isFalse();
        assertThat(new Sampling("PERCENTAGE", 50).select("x", table("v"))).isEqualTo("SELECT x FROM s.t WHERE random() < 50.0 / 100.0");
    }

    @Test
    void aPercentageOfATableOfAtMostOneMebibyteReadsItWhole() {
        Sampling percent = new Sampling("PERCENTAGE", 10);
        assertThat(percent.forTable(table("r"), 8_192)).isEqualTo(Sampling.WHOLE_TABLE);
        assertThat(percent.forTable(table("r"), Sampling.WHOLE_READ_BYTES)).isEqualTo(Sampling.WHOLE_TABLE);
        assertThat(percent.forTable(table("r"), Sampling.WHOLE_READ_BYTES + 8_192)).isEqualTo(percent);
        // Row limits and views are not page samples: the size does not change them.
        assertThat(new Sampling("ROWS", 10).forTable(table("r"), 0)).isEqualTo(new Sampling("ROWS", 10));
        assertThat(percent.forTable(table("v"), 0)).isEqualTo(percent);
    }

    @Test
    void aRowLimitReadsAtMostThatManyRowsAndAFractionRoundsUpNeverToNone() {
        assertThat(new Sampling("ROWS", 10).select("x", table("r"))).isEqualTo("SELECT x FROM s.t LIMIT 10");
        assertThat(new Sampling("ROWS", 0.5).select("x", table("r"))).isEqualTo("SELECT x FROM s.t LIMIT 1");
        assertThat(new Sampling("ROWS", 2.5).select("x", table("r"))).isEqualTo("SELECT x FROM s.t LIMIT 3");
    }

    @Test
    void aRowLimitIsDescribedInTheSingularForOneRow() {
        assertThat(new Sampling("ROWS", 1).describe("r")).isEqualTo("at most 1 row");
        assertThat(new Sampling("ROWS", 0.5).describe("r")).as("rounded up to 1").isEqualTo("at most 1 row");
        assertThat(new Sampling("ROWS", 10).describe("r")).isEqualTo("at most 10 rows");
    }

    @Test
    void aSuitesSampleIsReadAsTheProfilersAndItsPagesFallBackToRowsInTheSameStatement() {
        assertThat(Sampling.of(new io.metaingest.api.quality.TestSample("ROWS", 10.0, null)).sampledRows("s.t", "r"))
                .isEqualTo("SELECT * FROM s.t LIMIT 10");
        assertThat(Sampling.of(new io.metaingest.api.quality.TestSample("PERCENTAGE", 20.0, "BERNOULLI"))
                .sampledRows("s.t", "r")).isEqualTo("SELECT * FROM s.t TABLESAMPLE BERNOULLI (20.0)");
        assertThat(Sampling.of(new io.metaingest.api.quality.TestSample("PERCENTAGE", 20.0, null)).sampledRows("s.t", "v"))
                .isEqualTo("SELECT * FROM s.t WHERE random() < 20.0 / 100.0");
        assertThat(Sampling.of(new io.metaingest.api.quality.TestSample("PERCENTAGE", 20.0, "SYSTEM")).sampledRows("s.t", "r"))
                .isEqualTo("WITH metaingest_pages AS (SELECT * FROM s.t TABLESAMPLE SYSTEM (20.0)) SELECT * FROM"
                        + " metaingest_pages UNION ALL (SELECT * FROM s.t TABLESAMPLE BERNOULLI (20.0) WHERE NOT EXISTS"
                        + " (SELECT 1 FROM metaingest_pages))");
        assertThat(Sampling.of(new io.metaingest.api.quality.TestSample("PERCENTAGE", 100.0, null)))
                .isEqualTo(Sampling.WHOLE_TABLE);
        assertThat(Sampling.of(io.metaingest.api.quality.TestSample.WHOLE_TABLE)).isEqualTo(Sampling.WHOLE_TABLE);
    }
}
