package io.metaingest.testconnectors;

import io.metaingest.api.Fqn;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import java.util.List;

/**
 * What the shelf's sources agree on: the database {@code shelf}, its schema {@code main}, and a table
 * per book with one column, {@code title}.
 */
final class ShelfCatalog {

    private ShelfCatalog() {
    }

    /** The FQN of the schema {@code main} under {@code service}. */
    static String schemaFqn(String service) {
        return Fqn.build(service, "shelf", "main");
    }

    /** The table of {@code book} in the schema {@code schemaFqn}. */
    static CreateTableRequest bookTable(String schemaFqn, String book, String description) {
        return new CreateTableRequest(book, null, description, TableType.REGULAR,
                List.of(new Column("title", null, DataType.VARCHAR, null, 200, null, null, "varchar(200)", null, null, 1,
                        null, null)),
                null, null, null, schemaFqn, null, null, null);
    }
}
