package com.example.csv;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The folder exists, can be listed, and holds at least one CSV file. */
public final class CsvConnectionTester implements ConnectionTester {

    private final CsvConnection connection;

    /** Created by the runtime's injector. */
    @Inject
    public CsvConnectionTester(CsvConnection connection) {
        this.connection = connection;
    }

    @Override
    public List<String> test() throws ConnectionException {
        Path folder = connection.folder();
        if (!Files.isDirectory(folder)) {
            throw new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                    "no folder at " + folder + "; check source.serviceConnection.config.path");
        }
        try {
            long files = CsvFolder.tableFiles(folder).size();
            if (files == 0) {
                throw new ConnectionException(ConnectionException.Reason.NOT_FOUND, "no .csv file in " + folder);
            }
            return List.of("listed " + folder + ": " + files + " CSV files");
        } catch (IOException e) {
            throw new ConnectionException(ConnectionException.Reason.PERMISSION,
                    "cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
