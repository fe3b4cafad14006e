package io.metaingest.connectors.postgres;

import io.metaingest.api.Fqn;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.ColumnConstraint;
import io.metaingest.api.entity.ConstraintType;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.PartitionIntervalType;
import io.metaingest.api.entity.TableConstraint;
import io.metaingest.api.entity.TablePartition;
import io.metaingest.api.entity.TableType;
import io.metaingest.api.entity.TagLabel;
import io.metaingest.connectors.postgres.CatalogRows.ColumnRow;
import io.metaingest.connectors.postgres.CatalogRows.ColumnType;
import io.metaingest.connectors.postgres.CatalogRows.ConstraintRow;
import io.metaingest.connectors.postgres.CatalogRows.Relation;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Catalog rows of one relation to a {@link CreateTableRequest}. Pure: no I/O. */
public class TableMapper {

    private final DatabaseMetadataConfig config;
    private final String classificationName;

    /** Creates a mapper for the workflow's options. */
    @Inject
    public TableMapper(DatabaseMetadataConfig config, PostgresConnection connection) {
        this.config = config;
        this.classificationName = connection.classificationName();
    }

    /**
     * Builds the request.
     *
     * @param databaseFqn {@code service.database}
     * @param types the types of {@code columnRows}, already read
     */
    CreateTableRequest map(String databaseFqn, Relation rel, List<ColumnRow> columnRows,
                           List<ConstraintRow> constraintRows, ColumnTypes types) {
        String schemaFqn = Fqn.append(databaseFqn, rel.schema());
        List<TableConstraint> tableConstraints = new ArrayList<>();
        List<String> singlePk = List.of();
        List<String> singleUnique = new ArrayList<>();
        for (ConstraintRow k : constraintRows) {
            List<String> keyColumns = names(k.keyAttnums(), columnRows);
            switch (k.type()) {
                case "p" -> {
                    if (keyColumns.size() == 1) {
                        singlePk = keyColumns;
                    } else {
                        tableConstraints.add(new TableConstraint(ConstraintType.PRIMARY_KEY, keyColumns, null));
                    }
                }
                case "u" -> {
                    if (keyColumns.size() == 1) {
                        singleUnique.add(keyColumns.get(0));
                    } else {
                        tableConstraints.add(new TableConstraint(ConstraintType.UNIQUE, keyColumns, null));
                    }
                }
                case "f" -> {
                    String refTable = Fqn.append(databaseFqn, k.refSchema(), k.refTable());
                    List<String> referred = k.refColumns().stream().map(c -> Fqn.append(refTable, c)).toList();
                    tableConstraints.add(new TableConstraint(ConstraintType.FOREIGN_KEY, keyColumns, referred));
                }
                default -> {
                    // check constraints only appear in the DDL
                }
            }
        }
        List<Column> columns = new ArrayList<>(columnRows.size());
        for (ColumnRow c : columnRows) {
            ColumnConstraint constraint = singlePk.contains(c.name()) ? ColumnConstraint.PRIMARY_KEY
                    : singleUnique.contains(c.name()) ? ColumnConstraint.UNIQUE
                    : c.notNull() ? ColumnConstraint.NOT_NULL : ColumnConstraint.NULL;
            columns.add(column(c, types.of(c), constraint, types));
        }
        TableType type = tableType(rel.relkind());
        return new CreateTableRequest(rel.name(), null, rel.comment(), type, columns,
                tableConstraints.isEmpty() ? null : tableConstraints, partition(rel), definition(rel, type, columnRows,
                constraintRows, types), schemaFqn, owners(rel.owner()), tags(rel.policies()), null);
    }

    /** The names of a key's columns, in key order, from the relation's columns. */
    private static List<String> names(List<Integer> attnums, List<ColumnRow> columns) {
        List<String> names = new ArrayList<>(attnums.size());
        for (int attnum : attnums) {
            int at = ColumnRow.indexOf(columns, attnum);
            if (at < 0) {
                throw new IllegalStateException("a key names column " + attnum + ", which the table does not have");
            }
            names.add(columns.get(at).name());
        }
        return names;
    }

    static Column column(ColumnRow c, ColumnType t, ColumnConstraint constraint, ColumnTypes types) {
        return column(c.name(), c.comment(), c.attnum(), t, constraint, types);
    }

    private static Column column(String name, String comment, Integer position, ColumnType t,
                                 ColumnConstraint constraint, ColumnTypes types) {
        DataType type = PostgresTypes.map(t.typname(), t.typtype(), t.typcategory());
        DataType arrayType = null;
        String lengthType = t.typname();
        if (type == DataType.ARRAY && t.elemTypname() != null) {
            arrayType = PostgresTypes.map(t.elemTypname(), t.elemTyptype(), t.elemTypcategory());
            lengthType = t.elemTypname(); // varchar(30)[] keeps the element's length in the typmod
        }
        int typmod = t.typmod();
        Integer length = PostgresTypes.length(lengthType, typmod);
        if (length == null && (type == DataType.CHAR || type == DataType.VARCHAR)) {
            // varchar, bpchar, "char" declare none: OpenMetadata's server refuses CHAR and VARCHAR without
            // dataLength (400), and its own ingestion sends 1 for them.
            length = 1;
        }
        return new Column(name, null, type, arrayType, length,
                PostgresTypes.precision(t.typname(), typmod), PostgresTypes.scale(t.typname(), typmod),
                t.display(), comment, constraint, position, fields(t, types), null);
    }

    /**
     * A composite type's fields as the children of its STRUCT column (OpenMetadata's server refuses a
     * STRUCT without children); null for any other type.
     */
    private static List<Column> fields(ColumnType t, ColumnTypes types) {
        if (t.fieldNames() == null) {
            return null;
        }
        List<Column> children = new ArrayList<>(t.fieldNames().size());
        for (int i = 0; i < t.fieldNames().size(); i++) {
            String name = t.fieldNames().get(i);
            children.add(column(name, null, null, types.of(t.fieldTypes().get(i), t.fieldTypmods().get(i), name), null,
                    types));
        }
        return children;
    }

    static TableType tableType(String relkind) {
        return switch (relkind) {
            case "p" -> TableType.PARTITIONED;
            case "f" -> TableType.FOREIGN;
            case "v" -> TableType.VIEW;
            case "m" -> TableType.MATERIALIZED_VIEW;
            default -> TableType.REGULAR;
        };
    }

    private static TablePartition partition(Relation rel) {
        if (rel.partitionStrategy() == null || rel.partitionColumns() == null) {
            return null;
        }
        String strategy = switch (rel.partitionStrategy()) {
            case "r" -> "range";
            case "l" -> "list";
            case "h" -> "hash";
            default -> rel.partitionStrategy();
        };
        PartitionIntervalType intervalType = "range".equals(strategy) ? PartitionIntervalType.TIME_UNIT
                : PartitionIntervalType.COLUMN_VALUE;
        // No interval, as OpenMetadata's own Postgres source: the catalog holds each partition's bounds, not one
        // interval for the table (the strategy is what intervalType says).
        List<TablePartition.PartitionColumnDetails> cols = rel.partitionColumns().stream()
                .map(name -> new TablePartition.PartitionColumnDetails(name, intervalType, null)).toList();
        return cols.isEmpty() ? null : new TablePartition(cols);
    }

    private String definition(Relation rel, TableType type, List<ColumnRow> columns, List<ConstraintRow> constraints,
                              ColumnTypes types) {
        if (type == TableType.VIEW || type == TableType.MATERIALIZED_VIEW) {
            String kind = type == TableType.VIEW ? "VIEW" : "MATERIALIZED VIEW";
            return rel.viewDefinition() == null ? null
                    : "CREATE " + kind + " " + rel.qualified() + " AS\n" + rel.viewDefinition();
        }
        return config.includeDDL() ? Ddl.createTable(rel, columns, constraints, types) : null;
    }

    private List<EntityReference> owners(String owner) {
        return config.includeOwners() && owner != null ? List.of(EntityReference.byName("user", owner)) : null;
    }

    private List<TagLabel> tags(List<String> policies) {
        if (!config.includeTags() || policies == null || policies.isEmpty()) {
            return null;
        }
        return policies.stream().map(p -> TagLabel.classification(Fqn.build(classificationName, p))).toList();
    }
}
