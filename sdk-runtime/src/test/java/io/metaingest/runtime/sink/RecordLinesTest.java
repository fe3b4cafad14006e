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
    void aLoneSurrogateIsWrittenAsTheTextPathAlwaysDid() throws Exception {
        sameAsText(new CreateDatabaseRequest("bad\uD800name", null, null, "svc", null, null, null));
    }
}
