package io.metaingest.connectors.postgres;

import io.metaingest.connectors.postgres.CatalogRows.ColumnRow;
import io.metaingest.connectors.postgres.CatalogRows.ColumnType;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private int lookups;
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
        return lookups + (complete ? 1 : 0);
    }

    private static long key(long oid, int typmod) {
        return oid << 32 | (typmod & 0xffffffffL);
    }

    /** Makes the types of {@code columns} known, reading those not seen before in one query. */
    void learn(List<ColumnRow> columns) throws SQLException {
        Map<Long, ColumnRow> missing = null;
        for (ColumnRow c : columns) {
            long key = key(c.typid(), c.atttypmod());
            if (!known.containsKey(key)) {
                if (missing == null) {
                    missing = new LinkedHashMap<>();
                }
                missing.putIfAbsent(key, c);
            }
        }
        if (missing == null || complete) {
            return; // once complete, a pair still missing is not in pg_type: the table using it fails
        }
        if (lookups == LOOKUPS) {
            complete = true;
            read(Cursor.open(connection, allTypes, ColumnType::read));
            return;
        }
        lookups++;
        List<ColumnRow> ask = new ArrayList<>(missing.values());
        Object[] oids = new Object[ask.size()];
        Object[] typmods = new Object[ask.size()];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = ask.get(i).typid();
            typmods[i] = ask.get(i).atttypmod();
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
        ColumnType type = known.get(key(c.typid(), c.atttypmod()));
        if (type == null) {
            throw new IllegalStateException("type " + c.typid() + " of column " + c.name() + " is not in pg_type");
        }
        return type;
    }
}
