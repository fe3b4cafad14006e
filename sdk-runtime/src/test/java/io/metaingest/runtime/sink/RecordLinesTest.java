package io.metaingest.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.mask.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file sink's UTF-8 lines are the console's text lines, byte for byte, masked the same way. */
class RecordLinesTest {

    private final RecordLines lines = new RecordLines(Mappers.standard(), SecretMasker.of(List.of("hunter22")));

    private void sameAsText(Object record) throws Exception {
        assertThat(lines.utf8Line(record)).isEqualTo((lines.line(record) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cleanRecordsAreWrittenAsTheirText() throws Exception {
        sameAsText(new CreateDatabaseRequest("sales", null, "Umsätze € \"quoted\" \\ tab\t 𝄞", "svc", null, null, null));
        sameAsText(Map.of("plain", 1));
        sameAsText(new CreateDatabaseRequest("bell\u0007 and nul\u0000", null, "back\\slash u", "svc", null, null, null));
    }

    @Test
    void aRecordHoldingASecretIsMasked() throws Exception {
        CreateDatabaseRequest leaky = new CreateDatabaseRequest("sales", null, "password hunter22 é", "svc", null, null, null);
        sameAsText(leaky);
        assertThat(new String(lines.utf8Line(leaky), StandardCharsets.UTF_8)).doesNotContain("hunter22").contains("******");
    }

    @Test
    void aMaskedRecordsNumbersAreWrittenAsInAnyOtherLine() throws Exception {
        // A masked line is made through a tree, which wrote 10 as 1E+1 and 12.50 as 12.5.
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("note", "hunter22");
        row.put("values", List.of(new java.math.BigDecimal("10"), new java.math.BigDecimal("12.50"),
                new java.math.BigDecimal("100000000000000000000"), new java.math.BigDecimal("0.0000000001"), 1.5e-7, 42L));
        String clean = new RecordLines(Mappers.standard(), SecretMasker.NONE).line(row);
        String masked = lines.line(row);
        assertThat(masked).isEqualTo(clean.replace("hunter22", "******"));
        assertThat(masked).contains("[10,12.50,100000000000000000000,");
        sameAsText(row);
    }

    @Test
    void aSecretThatIsAlsoAFieldNameMasksValuesOnly() throws Exception {
        // A password "table" is in the field name tableType and in the entity type: both stay as they are.
        RecordLines weak = new RecordLines(Mappers.standard(), SecretMasker.of(List.of("table")));
        io.metaingest.api.entity.CreateTableRequest table = new io.metaingest.api.entity.CreateTableRequest(
                "timetables", null, null, io.metaingest.api.entity.TableType.REGULAR, List.of(), null, null, null,
                "svc.db.public", null, null, null);
        String line = weak.line(table);
        com.fasterxml.jackson.databind.JsonNode parsed = Mappers.standard().readTree(line);
        assertThat(parsed.path("entityType").asText()).isEqualTo("table");
        assertThat(parsed.path("entity").has("tableType")).isTrue();
        assertThat(parsed.path("entity").path("name").asText()).isEqualTo("time******s");
        assertThat(line).doesNotContain("timetables");
        assertThat(weak.maskedRecords()).isEqualTo(1);
        assertThat(weak.utf8Line(table)).isEqualTo((line + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(weak.maskedRecords()).isEqualTo(2);
    }

    @Test
    void aSecretOnlyInAFieldNameChangesNothing() throws Exception {
        RecordLines weak = new RecordLines(Mappers.standard(), SecretMasker.of(List.of("service")));
        CreateDatabaseRequest database = new CreateDatabaseRequest("sales", null, null, "svc", null, null, null);
        assertThat(weak.line(database)).isEqualTo(new RecordLines(Mappers.standard(), SecretMasker.NONE).line(database));
        assertThat(weak.maskedRecords()).isZero();
    }

    @Test
    void theEscapeSearchThatSkipsBytesFindsEveryBackslashU() {
        java.util.Random random = new java.util.Random(16);
        byte[] alphabet = {'\\', 'u', 'a'};
        for (int n = 0; n < 5_000; n++) {
            byte[] line = new byte[random.nextInt(14)];
            for (int i = 0; i < line.length; i++) {
                line[i] = alphabet[random.nextInt(alphabet.length)];
            }
            boolean expected = false;
            for (int i = 0; i + 1 < line.length; i++) {
                expected |= line[i] == '\\' && line[i + 1] == 'u';
            }
            assertThat(RecordLines.hasUnicodeEscape(line)).as(new String(line, StandardCharsets.US_ASCII)).isEqualTo(expected);
        }
    }

    @Test
    void linesOfDifferentLengthsOneAfterTheOtherAreEachWhole() throws Exception {
        sameAsText(new CreateDatabaseRequest("long", null, "x".repeat(20_000), "svc", null, null, null));
        sameAsText(new CreateDatabaseRequest("short", null, null, "svc", null, null, null));
        sameAsText(new CreateDatabaseRequest("music 𝄞", null, null, "svc", null, null, null));
        sameAsText(new CreateDatabaseRequest("after", null, "é", "svc", null, null, null));
    }

    @Test
    void aLoneSurrogateIsWrittenAsTheTextPathAlwaysDid() throws Exception {
        sameAsText(new CreateDatabaseRequest("bad\uD800name", null, null, "svc", null, null, null));
    }
}
