package io.metaingest.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console sink: one line per record on a terminal, whatever the record's name holds. */
class ConsoleSinkTest {

    @Test
    void aNameWithControlCharactersStaysOnItsLineAndCannotDriveTheTerminal() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleSink sink = new ConsoleSink(new PrintStream(out, true, StandardCharsets.UTF_8), Mappers.standard(),
                SecretMasker.NONE, true);
        sink.write(new CreateDatabaseRequest("new\nline\u001b[2J", null, null, "svc", null, null, null));
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[database] svc.new\\nline\\x1b[2J"
                + System.lineSeparator());

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new ConsoleSink(new PrintStream(json, true, StandardCharsets.UTF_8), Mappers.standard(), SecretMasker.NONE, false)
                .write(new CreateDatabaseRequest("new\nline", null, null, "svc", null, null, null));
        // Not a terminal: JSON lines, which escape the newline themselves.
        assertThat(json.toString(StandardCharsets.UTF_8)).contains("\"name\":\"new\\nline\"").hasLineCount(1);
    }
}
