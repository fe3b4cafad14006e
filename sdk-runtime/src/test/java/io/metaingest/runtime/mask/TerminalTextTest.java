package io.metaingest.runtime.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names from a source cannot break a human's line or drive the terminal. */
class TerminalTextTest {

    @Test
    void controlCharactersAreEscapedAndEverythingElseIsKept() {
        assertThat(TerminalText.oneLine("x\u001b[31mRED\u001b[0m\u001b]0;pwned\u0007y"))
                .isEqualTo("x\\x1b[31mRED\\x1b[0m\\x1b]0;pwned\\x07y");
        assertThat(TerminalText.oneLine("new\nline\r\tend\u007f\u009b\u2028")).isEqualTo("new\\nline\\r\\tend\\x7f\\u009b\\u2028");
        String plain = "svc.db.\"a.b\".Ünïcödé 表 ✓";
        assertThat(TerminalText.oneLine(plain)).isSameAs(plain);
        assertThat(TerminalText.oneLine(null)).isEqualTo("null");
    }
}
