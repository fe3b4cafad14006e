package com.example.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.metaingest.api.entity.DataType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static CsvReader reader(String text, char separator) {
        return new CsvReader(new BufferedReader(new StringReader(text)), separator);
    }

    @Test
    void quotedFieldsHoldSeparatorsQuotesAndLineBreaks() throws IOException {
        CsvReader csv = reader("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n", ',');
        assertEquals(List.of("a", "b,c", "say \"hi\""), csv.next());
        assertEquals(List.of("two\nlines", "", "x"), csv.next());
        assertNull(csv.next());
    }

    @Test
    void otherSeparatorsAndAnUnterminatedQuote() throws IOException {
        assertEquals(List.of("a", "b"), reader("a;b", ';').next());
        assertThrows(IOException.class, () -> reader("\"open", ',').next());
    }

    @Test
    void typesAreTheNarrowestThatFitsEveryValue() {
        assertEquals(DataType.BIGINT, infer("1", "-20", ""));
        assertEquals(DataType.DOUBLE, infer("1", "2.5", "1e3"));
        assertEquals(DataType.BOOLEAN, infer("true", "FALSE"));
        assertEquals(DataType.DATE, infer("2024-01-31"));
        assertEquals(DataType.TIMESTAMP, infer("2024-01-31 10:00:00", "2024-02-01T00:00"));
        assertEquals(DataType.VARCHAR, infer("2024-01-31", "soon"));
        assertEquals(DataType.VARCHAR, infer());
    }

    private static DataType infer(String... values) {
        ColumnTypes types = new ColumnTypes();
        for (String v : values) {
            types.accept(v);
        }
        return types.type();
    }
}
