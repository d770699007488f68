-- =============================================================================
-- adopt.sql: recognising an upstream OmniOrchestrator database (omnidb adopt)
-- =============================================================================
-- Read by omnidb/tooling/upstream.py for omnidb adopt, status, doctor and
-- migrate. The conversion itself is sql/adopt/upstream_v1.sql.
-- =============================================================================


-- name: database_columns()
-- Returns every column of every table of the current database (table_name,
-- column_name), in no particular order.
SELECT
    TABLE_NAME AS table_name,
    COLUMN_NAME AS column_name
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE();


-- name: table_column_types(table_name)
-- Returns the columns of table :table_name in order, with their data types.
SELECT
    COLUMN_NAME AS column_name,
    DATA_TYPE AS data_type
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = :table_name
ORDER BY ORDINAL_POSITION;


-- name: count_recorded_versions()$
-- Returns how many versions schema_migrations records (applied or dirty).
SELECT COUNT(*)
FROM schema_migrations;


-- name: count_recorded_runs()$
-- Returns how many runs schema_migration_history lists: omnidb ran here,
-- whatever schema_migrations records now.
SELECT COUNT(*)
FROM schema_migration_history;
