package io.metaingest.api.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestCaseParameterValueTest {

    @Test
    void numbersReadAsWrittenNotInJavasExponentNotation() {
        // What a YAML reader gives for minValue: 1e10, 1.5e-7, 0.5, 12, true.
        assertThat(TestCaseParameterValue.of("maxValue", 1.0E10).value()).isEqualTo("10000000000");
        assertThat(TestCaseParameterValue.of("minValue", 1.5E-7).value()).isEqualTo("0.00000015");
        assertThat(TestCaseParameterValue.of("minValue", 2.5e-3f).value()).isEqualTo("0.0025");
        assertThat(TestCaseParameterValue.of("minValue", 0.5).value()).isEqualTo("0.5");
        assertThat(TestCaseParameterValue.of("minValue", 12).value()).isEqualTo("12");
        assertThat(TestCaseParameterValue.of("strict", true).value()).isEqualTo("true");
        assertThat(TestCaseParameterValue.of("minValue", Double.NaN).value()).isEqualTo("NaN");
    }
}
