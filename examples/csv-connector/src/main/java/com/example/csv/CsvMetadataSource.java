package com.example.csv;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.AppliedFilter;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The database (the folder), a schema per folder and a table per CSV file, with columns named by
 * the header row and typed from the first {@code sampleRows} rows. Files are read one at a time and
 * closed before the next; a file that cannot be read is recorded as a failure and the run goes on.
 */
public final class CsvMetadataSource implements Source<EntityRequest> {

    private final CsvConnection connection;
    private final WorkflowContext context;
    private final AppliedFilter databaseFilter;
    private final AppliedFilter schemaFilter;
    private final AppliedFilter tableFilter;

    /** Created by the runtime's injector. */
    @Inject
    public CsvMetadataSource(CsvConnection connection, DatabaseMetadataConfig config, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
        // AppliedFilter counts what each pattern lets through, so one that lets nothing through can say so.
        this.databaseFilter = AppliedFilter.of("databaseFilterPattern", "databases", config.databaseFilterPattern());
        this.schemaFilter = AppliedFilter.of("schemaFilterPattern", "schema folders", config.schemaFilterPattern());
        this.tableFilter = AppliedFilter.of("tableFilterPattern", "CSV files", config.tableFilterPattern());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws Exception {
        Path root = connection.folder();
        String database = connection.database();
        String databaseFqn = Fqn.build(context.serviceName(), database);
        Optional<String> rejected = databaseFilter.rejection(database);
        if (rejected.isPresent()) {
            return Stream.concat(Stream.of(Result.filtered(databaseFqn, rejected.get())), databaseFilter.noneLetThrough());
        }
        if (!Files.isDirectory(root)) {
            throw new io.metaingest.api.ConnectionException(io.metaingest.api.ConnectionException.Reason.NOT_FOUND,
                    "no folder at " + root + "; check source.serviceConnection.config.path");
        }
        Stream<Result<EntityRequest>> databaseRecord = Stream.of(Result.ok(
                new CreateDatabaseRequest(database, null, null, context.serviceName(), null, null, null)));
        Stream<Result<EntityRequest>> schemas = CsvFolder.schemaFolders(root).stream()
                .flatMap(folder -> schema(root, folder, databaseFqn));
        // Evaluated last, once every folder and file went through the patterns.
        Stream<Result<EntityRequest>> patternsThatLetNothingThrough = Stream.of(schemaFilter, tableFilter)
                .flatMap(AppliedFilter::<EntityRequest>noneLetThrough);
        return Stream.concat(Stream.concat(databaseRecord, schemas), patternsThatLetNothingThrough);
    }

    private Stream<Result<EntityRequest>> schema(Path root, Path folder, String databaseFqn) {
        String schema = CsvFolder.schemaName(root, folder);
        String schemaFqn = Fqn.append(databaseFqn, schema);
        Optional<String> rejected = schemaFilter.rejection(schema);
        if (rejected.isPresent()) {
            return Stream.of(Result.filtered(schemaFqn, rejected.get()));
        }
        List<Path> files;
        try {
            files = CsvFolder.csvFiles(folder);
        } catch (IOException e) {
            return Stream.of(Result.failed(schemaFqn, e));
        }
        if (files.isEmpty() && folder.equals(root)) {
            return Stream.empty(); // no loose files: no default schema
        }
        Stream<Result<EntityRequest>> schemaRecord = Stream.of(Result.ok(
                new CreateDatabaseSchemaRequest(schema, null, null, databaseFqn, null, null, null)));
        return Stream.concat(schemaRecord, files.stream().map(file -> table(file, schemaFqn)));
    }

    private Result<EntityRequest> table(Path file, String schemaFqn) {
        String name = CsvFolder.tableName(file);
        String fqn = Fqn.append(schemaFqn, name);
        Optional<String> rejected = tableFilter.rejection(name);
        if (rejected.isPresent()) {
            return Result.filtered(fqn, rejected.get());
        }
        try {
            return Result.ok(new CreateTableRequest(name, null, null, TableType.REGULAR, columns(file), null, null,
                    null, schemaFqn, null, null, null));
        } catch (IOException | RuntimeException e) {
            return Result.failed(fqn, "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private List<Column> columns(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvReader reader = new CsvReader(in, connection.separator());
            List<String> header = reader.next();
            if (header == null || header.stream().allMatch(String::isBlank)) {
                throw new IOException("no header row");
            }
            List<ColumnTypes> types = new ArrayList<>();
            header.forEach(h -> types.add(new ColumnTypes()));
            List<String> row;
            for (int i = 0; i < connection.sample() && (row = reader.next()) != null; i++) {
                for (int c = 0; c < Math.min(row.size(), types.size()); c++) {
                    types.get(c).accept(row.get(c));
                }
            }
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < header.size(); c++) {
                DataType type = types.get(c).type();
                Integer length = type == DataType.VARCHAR ? types.get(c).length() : null;
                String display = type.name().toLowerCase(Locale.ROOT) + (length != null ? "(" + length + ")" : "");
                columns.add(new Column(header.get(c).strip(), null, type, null, length, null, null, display, null,
                        null, c + 1, null, null));
            }
            return columns;
        }
    }
}
