package com.example.csv;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Optional;

/** CSV files in a folder, read as a database: sub-folders are schemas, {@code *.csv} files are tables. */
public final class CsvSpec implements ServiceSpec {
    @Override public String serviceType() { return "CsvFiles"; }
    @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
    @Override public Class<CsvConnection> connectionType() { return CsvConnection.class; }
    @Override public String connectionSchema() { return "/schemas/csvConnection.json"; }
    @Override public List<StepSpec<?>> steps() {
        return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, CsvMetadataSource.class));
    }
    @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(CsvConnectionTester.class);
    }
    @Override public String description() {
        return "CSV files in a folder: sub-folders as schemas, files as tables (example connector)";
    }
}
