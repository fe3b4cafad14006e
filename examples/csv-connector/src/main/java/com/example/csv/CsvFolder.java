package com.example.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The layout: files directly in the folder belong to the schema named "default", sub-folders are schemas. */
final class CsvFolder {

    static final String DEFAULT_SCHEMA = "default";

    private CsvFolder() {
    }

    /** The schema folders, sorted: the folder itself first (as the schema "default"), then its sub-folders. */
    static List<Path> schemaFolders(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return Stream.concat(Stream.of(folder), entries.filter(Files::isDirectory).sorted()).toList();
        }
    }

    /** The {@code .csv} files directly in a folder, sorted by name. */
    static List<Path> csvFiles(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
                    .sorted().toList();
        }
    }

    /** Every table file, one level deep. */
    static List<Path> tableFiles(Path folder) throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (Path schema : schemaFolders(folder)) {
            all.addAll(csvFiles(schema));
        }
        return all;
    }

    static String schemaName(Path root, Path schemaFolder) {
        return root.equals(schemaFolder) ? DEFAULT_SCHEMA : schemaFolder.getFileName().toString();
    }

    static String tableName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".csv".length());
    }
}
