-- =============================================================================
-- introspection.sql: what a live database holds, read from information_schema
-- =============================================================================
-- Used by omnidb check (drift, structs vs tables) and omnidb doctor. Every
-- query reads the session's current database (DATABASE()).
-- =============================================================================


-- name: schema_tables()
-- Returns the base tables of the current database with engine and collation.
SELECT
    TABLE_NAME AS table_name,
    ENGINE AS engine,
    TABLE_COLLATION AS collation
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
    AND TABLE_TYPE = 'BASE TABLE'
ORDER BY TABLE_NAME;


-- name: schema_columns()
-- Returns every column of the current database, in table and position order,
-- with its collation (NULL for columns that are not text).
SELECT
    TABLE_NAME AS table_name,
    COLUMN_NAME AS column_name,
    ORDINAL_POSITION AS position,
    DATA_TYPE AS data_type,
    COLUMN_TYPE AS column_type,
    IS_NULLABLE AS is_nullable,
    COLUMN_DEFAULT AS column_default,
    EXTRA AS extra,
    COLLATION_NAME AS collation
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION;


-- name: schema_index_columns()
-- Returns every index column of the current database, in index order.
SELECT
    TABLE_NAME AS table_name,
    INDEX_NAME AS index_name,
    NON_UNIQUE AS non_unique,
    SEQ_IN_INDEX AS seq,
    COLUMN_NAME AS column_name
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX;


-- name: schema_foreign_keys()
-- Returns every foreign key column of the current database with what it
-- references and its ON UPDATE / ON DELETE rules.
SELECT
    k.TABLE_NAME AS table_name,
    k.CONSTRAINT_NAME AS constraint_name,
    k.COLUMN_NAME AS column_name,
    k.ORDINAL_POSITION AS position,
    k.REFERENCED_TABLE_NAME AS referenced_table,
    k.REFERENCED_COLUMN_NAME AS referenced_column,
    r.UPDATE_RULE AS update_rule,
    r.DELETE_RULE AS delete_rule
FROM information_schema.KEY_COLUMN_USAGE AS k
INNER JOIN information_schema.REFERENTIAL_CONSTRAINTS AS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
    AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
    AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE()
    AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION;


-- name: prepare_statement(sql)!
-- Has the server parse and resolve :sql (with ? placeholders) without running
-- it: PREPARE fails on a syntax error or an unknown table or column.
-- The statement text travels as a bound user variable, never spliced in.
SET @omnidb_check_sql = :sql;


-- name: prepare_checked()!
-- Prepares the statement set by prepare_statement.
PREPARE omnidb_check FROM @omnidb_check_sql;


-- name: deallocate_checked()!
-- Frees the statement prepare_checked prepared.
DEALLOCATE PREPARE omnidb_check;
