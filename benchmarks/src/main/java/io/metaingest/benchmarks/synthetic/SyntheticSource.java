package io.metaingest.benchmarks.synthetic;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates the database {@code db}, then for every 1,000 tables a schema {@code s<k>} followed by
 * its tables {@code t<i>} of 20 columns, lazily: nothing is held between records.
 */
public final class SyntheticSource implements Source<EntityRequest> {

    /** Tables per schema. */
    public static final int TABLES_PER_SCHEMA = 1_000;

    private final SyntheticConnection connection;
    private final WorkflowContext context;

    @Inject
    public SyntheticSource(SyntheticConnection connection, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
    }

    @Override
    public Stream<Result<EntityRequest>> read() {
        String service = context.serviceName();
        String database = service + ".db";
        Stream<EntityRequest> db = Stream.of(new CreateDatabaseRequest("db", null, null, service, null, null, null));
        Stream<EntityRequest> rest = IntStream.range(0, connection.tables()).boxed().flatMap(i -> {
            CreateTableRequest table = table(i, database + ".s" + i / TABLES_PER_SCHEMA);
            return i % TABLES_PER_SCHEMA != 0 ? Stream.of(table) : Stream.of(
                    new CreateDatabaseSchemaRequest("s" + i / TABLES_PER_SCHEMA, null, null, database, null, null, null),
                    table);
        });
        return Stream.concat(db, rest).map(Result::ok);
    }

    /** Table {@code t<i>} of the schema {@code schemaFqn}. */
    public static CreateTableRequest table(int i, String schemaFqn) {
        List<Column> columns = IntStream.rangeClosed(1, 20).mapToObj(c -> Column.of("c" + c, DataType.VARCHAR, c)).toList();
        return new CreateTableRequest("t" + i, null, "table " + i, TableType.REGULAR, columns,
                null, null, null, schemaFqn, null, null, null);
    }
}
