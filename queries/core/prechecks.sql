-- =============================================================================
-- prechecks.sql: what the migration runner reads before a run's first
-- statement, to refuse a run the live database would stop halfway
-- (omnidb/tooling/migrate.py, omnidb/tooling/scripttables.py)
-- =============================================================================
-- Both read information_schema only. MySQL DDL commits statement by statement,
-- so a run stopped at its fourth statement leaves three done and the version
-- dirty: these let the runner refuse it while nothing has changed.
-- =============================================================================


-- name: names_in_use()
-- Returns the name of every table, view and sequence of the current database:
-- a script's CREATE TABLE or RENAME TABLE ... TO onto any of them fails.
SELECT TABLE_NAME AS table_name
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME;


-- name: foreign_keys_into_database()
-- Returns every foreign key, from a table of any database of the server, that
-- references a table of the current database: its database, table and name,
-- its columns and the referenced table and columns (in key order, comma
-- separated). Dropping a referenced table fails (1451) while such a key is
-- there, whatever the rows hold.
SELECT
    k.TABLE_SCHEMA AS table_schema,
    k.TABLE_NAME AS table_name,
    k.CONSTRAINT_NAME AS constraint_name,
    k.REFERENCED_TABLE_NAME AS referenced_table,
    GROUP_CONCAT(
        k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '
    ) AS column_names,
    GROUP_CONCAT(
        k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ', '
    ) AS referenced_columns
FROM information_schema.KEY_COLUMN_USAGE AS k
WHERE k.REFERENCED_TABLE_SCHEMA = DATABASE()
    AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY
    k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.REFERENCED_TABLE_NAME
ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME;
