package io.metaingest.api.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTextTest {

    @Test
    void aPasswordInAStatementNeverShows() {
        assertThat(QueryText.shown("/* app:billing */ CREATE ROLE etl2 LOGIN PASSWORD 'Leak-Me-456'", 200))
                .isEqualTo("/* app:billing */ CREATE ROLE etl2 LOGIN PASSWORD '…'");
        assertThat(QueryText.shown("ALTER USER x WITH PASSWORD E'it\\'s-Leak-Me' VALID UNTIL 'infinity'", 200))
                .isEqualTo("ALTER USER x WITH PASSWORD E'…' VALID UNTIL '…'");
        assertThat(QueryText.shown("CREATE USER MAPPING FOR u SERVER s OPTIONS (password 'a''b-Leak')", 200))
                .isEqualTo("CREATE USER MAPPING FOR u SERVER s OPTIONS (password '…')");
        assertThat(QueryText.shown("DO $fn$ BEGIN EXECUTE 'x Leak'; END $fn$; SELECT $$Leak$$", 200))
                .isEqualTo("DO '…'; SELECT '…'");
        assertThat(QueryText.shown("SELECT 'unterminated Leak", 200)).isEqualTo("SELECT '…'");
    }

    @Test
    void namesParametersAndOperatorsStayAsWritten() {
        assertThat(QueryText.shown("SELECT \"it's\".a FROM \"Weird Schema\".t WHERE id = $1 AND x$y = 2", 200))
                .isEqualTo("SELECT \"it's\".a FROM \"Weird Schema\".t WHERE id = $1 AND x$y = 2");
    }

    @Test
    void theTextIsOneLineAndShortened() {
        assertThat(QueryText.shown("SELECT *\n  FROM orders\r\n WHERE id = $1", 200)).isEqualTo("SELECT * FROM orders WHERE id = $1");
        assertThat(QueryText.shown("SELECT 1234567890", 10)).isEqualTo("SELECT 123…");
        assertThat(QueryText.shown(null, 10)).isEmpty();
    }

    @Test
    void aQueryLogEntrysNameHidesItsLiterals() {
        TableQuery entry = new TableQuery("CREATE ROLE etl2 LOGIN PASSWORD 'Leak-Me-456'", null, null, "pg", "shop",
                null, null, null);
        ParsedData parsed = new ParsedData(List.of(), "SELECT * FROM t WHERE card = '4111-Leak'", "pg", "shop", null,
                "2026-11-30", null, null);

        assertThat(entry.key()).contains("PASSWORD '…'").doesNotContain("Leak");
        assertThat(parsed.key()).contains("card = '…'").doesNotContain("Leak");
    }
}
