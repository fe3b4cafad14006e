package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfiguredValueTest {

    @Test
    void aShortValueIsShownAsWrittenALongOneByItsStartAndLength() {
        assertThat(ConfiguredValue.shown("x".repeat(100))).isEqualTo("x".repeat(100));
        assertThat(ConfiguredValue.shown("y".repeat(1234))).isEqualTo("y".repeat(60) + "… (1,234 characters)");
        // Not between the halves of a surrogate pair.
        assertThat(ConfiguredValue.shown("z".repeat(59) + "😀".repeat(30))).isEqualTo("z".repeat(59) + "… (119 characters)");
    }

    @Test
    void aPathShortensOnlyItsLongSegmentsAndNeverCutsAnEscape() {
        assertThat(ConfiguredValue.inPath("/v1/groups/abc/connectors")).isEqualTo("/v1/groups/abc/connectors");
        String encoded = "a".repeat(58) + "%20" + "b".repeat(100);
        assertThat(ConfiguredValue.inPath("/projects/" + encoded + "/cubes"))
                .isEqualTo("/projects/" + "a".repeat(58) + "… (161 characters)/cubes");
        String whole = "a".repeat(57) + "%20" + "b".repeat(100);
        assertThat(ConfiguredValue.inPath("/projects/" + whole))
                .isEqualTo("/projects/" + "a".repeat(57) + "%20… (160 characters)");
    }

    @Test
    void aRequestNamesItselfWithItsLongSegmentsShortened() {
        assertThat(ApiRequest.get("/projects/" + "p".repeat(500)).withQuery("token", "t"))
                .hasToString("GET /projects/" + "p".repeat(60) + "… (500 characters)");
    }
}
