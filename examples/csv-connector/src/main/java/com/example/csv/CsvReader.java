package com.example.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads records of RFC 4180 CSV: quoted fields may hold separators, doubled quotes and line breaks. */
final class CsvReader {

    private final BufferedReader in;
    private final char separator;

    CsvReader(BufferedReader in, char separator) {
        this.in = in;
        this.separator = separator;
    }

    /** The next record's fields, or null at the end. */
    List<String> next() throws IOException {
        int c = in.read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("unterminated quoted field");
                }
                if (c == '"') {
                    in.mark(1);
                    int after = in.read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (after != -1) {
                            in.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == -1 || c == '\n') {
                fields.add(field.toString());
                return fields;
            } else if (c == '\r') {
                // part of a CRLF line end
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else {
                field.append((char) c);
            }
            c = in.read();
        }
    }
}
