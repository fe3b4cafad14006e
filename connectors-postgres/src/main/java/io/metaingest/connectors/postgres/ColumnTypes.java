package io.metaingest.connectors.postgres;

import io.metaingest.connectors.postgres.CatalogRows.ColumnRow;
import io.metaingest.connectors.postgres.CatalogRows.ColumnType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types of the columns read so far in one database, by type oid and typmod. A database uses
 * few distinct pairs, so they are read from the server as tables bring new ones, in one round trip
 * per such table, instead of being joined and formatted for every column of the column query (see
 * {@link CatalogQueries#columns}). After {@value #LOOKUPS} such round trips (a database with a type
 * per table, or many lengths of varchar), every pair the scope uses is read in one query, so the
 * number of queries stays bounded whatever the tables and the network's latency.
 */
final class ColumnTypes {

    /** Round trips for the types of single tables before all types are read at once. */
    static final int LOOKUPS = 16;

    private final Connection connection;
    private final String allTypes;
    private final Map<Long, ColumnType> known = new HashMap<>();
    private final Set<Long> asked = new HashSet<>();
    private int lookups;
    private int fieldLookups;
    private boolean complete;

    /**
     * Types read on {@code connection}, which must see the same snapshot as the column query;
     * {@code allTypes} reads every pair of the scope ({@link CatalogQueries#allTypes}).
     */
    ColumnTypes(Connection connection, String allTypes) {
        this.connection = connection;
        this.allTypes = allTypes;
    }

    /** The queries run so far. */
    int queries() {
        return lookups + fieldLookups + (complete ? 1 : 0);
    }

    private static long key(long oid, int typmod) {
        return oid << 32 | (typmod & 0xffffffffL);
    }

    /** Makes the types of {@code columns} known, reading those not seen before in one query. */
    void learn(List<ColumnRow> columns) throws SQLException {
        Map<Long, long[]> missing = new LinkedHashMap<>();
        for (ColumnRow c : columns) {
            long key = key(c.typid(), c.atttypmod());
            if (!known.containsKey(key)) {
                missing.putIfAbsent(key, new long[] {c.typid(), c.atttypmod()});
            }
        }
        if (missing.isEmpty() || complete) {
            return; // once complete, a pair still missing is not in pg_type: the table using it fails
        }
        if (lookups == LOOKUPS) {
            complete = true;
            read(Cursor.open(connection, allTypes, ColumnType::read));
        } else {
            lookups++;
            read(missing.values());
        }
        learnFields();
    }

    /**
     * Reads the types of composite types' fields not known yet, level by level (a composite type
     * cannot contain itself, so this ends); each type is asked at most once.
     */
    private void learnFields() throws SQLException {
        while (true) {
            Map<Long, long[]> missing = new LinkedHashMap<>();
            for (ColumnType t : known.values()) {
                if (t.fieldTypes() == null) {
                    continue;
                }
                for (int i = 0; i < t.fieldTypes().size(); i++) {
                    long key = key(t.fieldTypes().get(i), t.fieldTypmods().get(i));
                    if (!known.containsKey(key) && asked.add(key)) {
                        missing.put(key, new long[] {t.fieldTypes().get(i), t.fieldTypmods().get(i)});
                    }
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            fieldLookups++;
            read(missing.values());
        }
    }

    private void read(java.util.Collection<long[]> pairs) throws SQLException {
        Object[] oids = new Object[pairs.size()];
        Object[] typmods = new Object[pairs.size()];
        int i = 0;
        for (long[] pair : pairs) {
            oids[i] = pair[0];
            typmods[i] = (int) pair[1];
            i++;
        }
        Array oidArray = connection.createArrayOf("oid", oids);
        Array typmodArray = connection.createArrayOf("int4", typmods);
        try {
            read(Cursor.open(connection, CatalogQueries.TYPES, ColumnType::read, oidArray, typmodArray));
        } finally {
            oidArray.free();
            typmodArray.free();
        }
    }

    private void read(Cursor<ColumnType> types) throws SQLException {
        try (types) {
            for (ColumnType t = types.poll(); t != null; t = types.poll()) {
                known.put(key(t.oid(), t.atttypmod()), t);
            }
        }
    }

    /**
     * The type of column {@code c}, which {@link #learn} has read; a type it did not find fails the
     * table that uses it, not the database.
     */
    ColumnType of(ColumnRow c) {
        return of(c.typid(), c.atttypmod(), c.name());
    }

    /** The type of a column or of a composite type's field {@code name}, which {@link #learn} has read. */
    ColumnType of(long oid, int typmod, String name) {
        ColumnType type = known.get(key(oid, typmod));
        if (type == null) {
            throw new IllegalStateException("type " + oid + " of column " + name + " is not in pg_type");
        }
        return type;
    }
}
