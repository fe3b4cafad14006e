package com.example.csv;

import java.nio.file.Path;

/**
 * {@code serviceConnection.config}: where the files are and how to read them.
 *
 * @param type always {@code CsvFiles}
 * @param path the folder holding the CSV files
 * @param databaseName the database's name; the folder's name when absent
 * @param delimiter the field separator, {@code ,} by default
 * @param sampleRows rows read to infer each column's type, 100 by default
 */
public record CsvConnection(String type, String path, String databaseName, String delimiter, Integer sampleRows) {

    /** Applies the schema's defaults, so the record reads back as the schema describes it. */
    public CsvConnection {
        delimiter = delimiter == null ? "," : delimiter;
        sampleRows = sampleRows == null ? 100 : sampleRows;
    }

    /** The folder. */
    public Path folder() {
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** The database's name. */
    public String database() {
        if (databaseName != null) {
            return databaseName;
        }
        Path name = folder().getFileName();
        return name == null ? "root" : name.toString();
    }

    /** The field separator. */
    public char separator() {
        return delimiter.charAt(0);
    }

    /** Rows read to infer types. */
    public int sample() {
        return sampleRows;
    }
}
