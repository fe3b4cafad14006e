package io.metaingest.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.config.TestSuiteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A suite's sample as the file writes it: OpenMetadata's default type, and none at all or 100 %. */
class TestSampleTest {

    private static TestSuiteConfig suite(Double sample, String type, String method) {
        return new TestSuiteConfig(null, List.of(), null, sample, type, method);
    }

    @Test
    void aSampleWithoutATypeIsAPercentageAndOneOfAHundredPercentOrNoneIsTheWholeTable() {
        assertThat(TestSample.of(suite(10.0, null, null))).isEqualTo(new TestSample("PERCENTAGE", 10.0, null));
        assertThat(TestSample.of(suite(10.0, "rows", "system")).toString()).isEqualTo("profileSample 10 ROWS SYSTEM");
        assertThat(TestSample.of(suite(2.5, "PERCENTAGE", null)).toString()).isEqualTo("profileSample 2.5 PERCENTAGE");
        assertThat(TestSample.of(suite(100.0, null, "BERNOULLI"))).isEqualTo(TestSample.WHOLE_TABLE);
        assertThat(TestSample.of(suite(null, "ROWS", null)).wholeTable()).isTrue();
        assertThat(TestSample.of(suite(150.0, "ROWS", null)).rows()).as("150 rows are a sample").isTrue();
    }
}
