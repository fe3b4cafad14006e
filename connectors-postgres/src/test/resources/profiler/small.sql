-- A small table whose every metric the test states by hand, a table whose catalog statistics are
-- stale on purpose, a view, and a slow view in its own schema.
CREATE SCHEMA m;
CREATE TABLE m.small (id int4, amount numeric(12, 2), ratio float8, label text, day date, at timestamptz, ok bool,
                      doc json);
INSERT INTO m.small VALUES
    (1, 10.50, 0.5, 'aa', '2024-01-01', '2024-01-01 10:00:00+00', true, '{}'),
    (2, 20.25, 1.5, 'bbb', '2024-01-03', '2024-01-02 00:00:00+02', false, NULL),
    (3, NULL, 2.5, 'aa', NULL, NULL, true, '{"a": 1}'),
    (4, 99999999.99, NULL, NULL, '2024-02-29', '2023-12-31 23:59:59.5+00', NULL, '[]');
CREATE VIEW m.small_view AS SELECT id, label FROM m.small;
CREATE TABLE m.stale (id int4, label text);
INSERT INTO m.stale VALUES (1, 'x'), (2, NULL), (3, 'y'), (4, 'y');
ANALYZE m.stale;
-- Rows the statistics do not know about (too few for autovacuum to analyse again).
INSERT INTO m.stale SELECT g, 'z' FROM generate_series(5, 14) g;
CREATE SCHEMA slow;
CREATE VIEW slow.sleeper AS SELECT 1 AS x FROM pg_sleep(30);
CREATE TABLE slow.quick (id int4);
INSERT INTO slow.quick VALUES (1), (2);
