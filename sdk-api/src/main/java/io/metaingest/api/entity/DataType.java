package io.metaingest.api.entity;

/** OpenMetadata's column data types. */
public enum DataType {
    /** NUMBER. */
    NUMBER,
    /** TINYINT. */
    TINYINT,
    /** SMALLINT. */
    SMALLINT,
    /** INT. */
    INT,
    /** BIGINT. */
    BIGINT,
    /** BYTEINT. */
    BYTEINT,
    /** BYTES. */
    BYTES,
    /** FLOAT. */
    FLOAT,
    /** DOUBLE. */
    DOUBLE,
    /** DECIMAL. */
    DECIMAL,
    /** NUMERIC. */
    NUMERIC,
    /** TIMESTAMP. */
    TIMESTAMP,
    /** TIMESTAMPZ. */
    TIMESTAMPZ,
    /** TIME. */
    TIME,
    /** DATE. */
    DATE,
    /** DATETIME. */
    DATETIME,
    /** INTERVAL. */
    INTERVAL,
    /** STRING. */
    STRING,
    /** MEDIUMTEXT. */
    MEDIUMTEXT,
    /** TEXT. */
    TEXT,
    /** CHAR. */
    CHAR,
    /** LONG. */
    LONG,
    /** VARCHAR. */
    VARCHAR,
    /** BOOLEAN. */
    BOOLEAN,
    /** BINARY. */
    BINARY,
    /** VARBINARY. */
    VARBINARY,
    /** ARRAY. */
    ARRAY,
    /** BLOB. */
    BLOB,
    /** LONGBLOB. */
    LONGBLOB,
    /** MEDIUMBLOB. */
    MEDIUMBLOB,
    /** MAP. */
    MAP,
    /** STRUCT. */
    STRUCT,
    /** UNION. */
    UNION,
    /** SET. */
    SET,
    /** GEOGRAPHY. */
    GEOGRAPHY,
    /** ENUM. */
    ENUM,
    /** JSON. */
    JSON,
    /** UUID. */
    UUID,
    /** VARIANT. */
    VARIANT,
    /** GEOMETRY. */
    GEOMETRY,
    /** BYTEA. */
    BYTEA,
    /** AGGREGATEFUNCTION. */
    AGGREGATEFUNCTION,
    /** ERROR. */
    ERROR,
    /** FIXED. */
    FIXED,
    /** RECORD. */
    RECORD,
    /** NULL. */
    NULL,
    /** SUPER. */
    SUPER,
    /** HLLSKETCH. */
    HLLSKETCH,
    /** PG_LSN. */
    PG_LSN,
    /** PG_SNAPSHOT. */
    PG_SNAPSHOT,
    /** TSQUERY. */
    TSQUERY,
    /** TXID_SNAPSHOT. */
    TXID_SNAPSHOT,
    /** XML. */
    XML,
    /** MACADDR. */
    MACADDR,
    /** TSVECTOR. */
    TSVECTOR,
    /** UNKNOWN. */
    UNKNOWN,
    /** CIDR. */
    CIDR,
    /** INET. */
    INET,
    /** CLOB. */
    CLOB,
    /** ROWID. */
    ROWID,
    /** LOWCARDINALITY. */
    LOWCARDINALITY,
    /** YEAR. */
    YEAR,
    /** POINT. */
    POINT,
    /** POLYGON. */
    POLYGON,
    /** TUPLE. */
    TUPLE,
    /** SPATIAL. */
    SPATIAL,
    /** TABLE. */
    TABLE,
    /** NTEXT. */
    NTEXT,
    /** IMAGE. */
    IMAGE,
    /** IPV4. */
    IPV4,
    /** IPV6. */
    IPV6,
    /** DATETIMERANGE. */
    DATETIMERANGE,
    /** HLL. */
    HLL,
    /** LARGEINT. */
    LARGEINT,
    /** QUANTILE_STATE. */
    QUANTILE_STATE,
    /** AGG_STATE. */
    AGG_STATE,
    /** BITMAP. */
    BITMAP,
    /** UINT. */
    UINT,
    /** BIT. */
    BIT,
    /** MONEY. */
    MONEY
}
