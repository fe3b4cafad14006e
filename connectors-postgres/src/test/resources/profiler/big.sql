-- About 1,800 pages of uniform rows, vacuumed so that the catalog's row count is exact.
CREATE SCHEMA big;
CREATE TABLE big.events AS SELECT g AS id, md5(g::text) AS digest, g % 100 AS bucket FROM generate_series(1, 200000) g;
