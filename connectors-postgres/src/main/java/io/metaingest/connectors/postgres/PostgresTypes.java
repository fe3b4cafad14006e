package io.metaingest.connectors.postgres;

import io.metaingest.api.entity.DataType;
import java.util.Map;

/**
 * PostgreSQL types to OpenMetadata {@link DataType}s. Built-in types are mapped by name; anything
 * else falls back on the type's category ({@code pg_type.typcategory}) so that every type, including
 * those of extensions, gets a sensible type rather than an error.
 */
final class PostgresTypes {

    private static final Map<String, DataType> BY_NAME = Map.ofEntries(
            Map.entry("int2", DataType.SMALLINT), Map.entry("int4", DataType.INT), Map.entry("int8", DataType.BIGINT),
            Map.entry("numeric", DataType.NUMERIC), Map.entry("float4", DataType.FLOAT),
            Map.entry("float8", DataType.DOUBLE), Map.entry("money", DataType.MONEY),
            Map.entry("bool", DataType.BOOLEAN),
            Map.entry("bpchar", DataType.CHAR), Map.entry("char", DataType.CHAR), Map.entry("varchar", DataType.VARCHAR),
            Map.entry("text", DataType.TEXT), Map.entry("name", DataType.VARCHAR), Map.entry("citext", DataType.TEXT),
            Map.entry("bytea", DataType.BYTEA),
            Map.entry("date", DataType.DATE), Map.entry("time", DataType.TIME), Map.entry("timetz", DataType.TIME),
            Map.entry("timestamp", DataType.TIMESTAMP), Map.entry("timestamptz", DataType.TIMESTAMPZ),
            Map.entry("interval", DataType.INTERVAL),
            Map.entry("uuid", DataType.UUID), Map.entry("json", DataType.JSON), Map.entry("jsonb", DataType.JSON),
            Map.entry("jsonpath", DataType.STRING), Map.entry("xml", DataType.XML),
            Map.entry("inet", DataType.INET), Map.entry("cidr", DataType.CIDR), Map.entry("macaddr", DataType.MACADDR),
            Map.entry("macaddr8", DataType.MACADDR),
            Map.entry("tsvector", DataType.TSVECTOR), Map.entry("tsquery", DataType.TSQUERY),
            Map.entry("bit", DataType.BIT), Map.entry("varbit", DataType.BIT),
            Map.entry("point", DataType.POINT), Map.entry("polygon", DataType.POLYGON),
            Map.entry("line", DataType.GEOMETRY), Map.entry("lseg", DataType.GEOMETRY), Map.entry("box", DataType.GEOMETRY),
            Map.entry("path", DataType.GEOMETRY), Map.entry("circle", DataType.GEOMETRY),
            Map.entry("geometry", DataType.GEOMETRY), Map.entry("geography", DataType.GEOGRAPHY),
            Map.entry("box2d", DataType.GEOMETRY), Map.entry("box3d", DataType.GEOMETRY),
            Map.entry("pg_lsn", DataType.PG_LSN), Map.entry("pg_snapshot", DataType.PG_SNAPSHOT),
            Map.entry("txid_snapshot", DataType.TXID_SNAPSHOT),
            Map.entry("tsrange", DataType.DATETIMERANGE), Map.entry("tstzrange", DataType.DATETIMERANGE),
            Map.entry("daterange", DataType.DATETIMERANGE),
            Map.entry("tsmultirange", DataType.DATETIMERANGE), Map.entry("tstzmultirange", DataType.DATETIMERANGE),
            Map.entry("datemultirange", DataType.DATETIMERANGE),
            Map.entry("oid", DataType.BIGINT), Map.entry("xid", DataType.BIGINT), Map.entry("xid8", DataType.BIGINT),
            Map.entry("cid", DataType.BIGINT), Map.entry("tid", DataType.STRING),
            Map.entry("hstore", DataType.MAP), Map.entry("aclitem", DataType.STRING),
            Map.entry("refcursor", DataType.STRING), Map.entry("gtsvector", DataType.TSVECTOR), Map.entry("unknown", DataType.UNKNOWN));

    private PostgresTypes() {
    }

    /**
     * The OpenMetadata type of a PostgreSQL type.
     *
     * @param typname {@code pg_type.typname} (for a domain: of its base type)
     * @param typtype {@code pg_type.typtype}: b base, c composite, d domain, e enum, r range, m multirange, p pseudo
     * @param typcategory {@code pg_type.typcategory}
     */
    static DataType map(String typname, String typtype, String typcategory) {
        if ("e".equals(typtype)) {
            return DataType.ENUM;
        }
        if ("c".equals(typtype)) {
            return DataType.STRUCT;
        }
        DataType known = BY_NAME.get(typname);
        if (known != null) {
            return known;
        }
        if (typname.startsWith("reg")) {
            return DataType.BIGINT; // regclass, regtype, ...: aliases of oid
        }
        if ("r".equals(typtype) || "m".equals(typtype)) {
            // Numeric and user-defined ranges: OpenMetadata has no type for them, and its server refuses a
            // STRUCT without children (400); dataTypeDisplay keeps the range's name.
            return DataType.UNKNOWN;
        }
        return switch (typcategory == null ? "" : typcategory) {
            case "A" -> DataType.ARRAY;
            case "B" -> DataType.BOOLEAN;
            case "D" -> DataType.DATETIME;
            case "G" -> DataType.GEOMETRY;
            case "I" -> DataType.INET;
            case "N" -> DataType.NUMBER;
            case "S" -> DataType.TEXT;
            case "T" -> DataType.INTERVAL;
            case "V" -> DataType.BIT;
            case "R" -> DataType.UNKNOWN; // a range, as above
            case "Z" -> DataType.TEXT; // internal types shown as text: pg_node_tree, statistics, ...
            default -> DataType.UNKNOWN;
        };
    }

    /** Declared character length from a typmod, for char-like types; null otherwise. */
    static Integer length(String typname, int typmod) {
        if ("name".equals(typname)) {
            return 63; // fixed: NAMEDATALEN - 1 bytes, without a typmod
        }
        if (typmod < 0) {
            return null;
        }
        return switch (typname) {
            case "varchar", "bpchar" -> typmod - 4;
            case "bit", "varbit" -> typmod;
            default -> null;
        };
    }

    /** Declared precision of a numeric; null when unconstrained or not numeric. */
    static Integer precision(String typname, int typmod) {
        return "numeric".equals(typname) && typmod >= 4 ? ((typmod - 4) >> 16) & 0xffff : null;
    }

    /** Declared scale of a numeric; null when unconstrained or not numeric. */
    static Integer scale(String typname, int typmod) {
        if (!"numeric".equals(typname) || typmod < 4) {
            return null;
        }
        int scale = (typmod - 4) & 0x7ff; // 11 bits, sign-extended since PostgreSQL 15 allows negative scales
        return (scale & 0x400) != 0 ? scale - 0x800 : scale;
    }
}
