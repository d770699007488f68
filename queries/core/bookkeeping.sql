-- =============================================================================
-- bookkeeping.sql: bringing the runner's own tables up to date
-- =============================================================================
-- sql/db_init.sql creates schema_migrations and metadata as they are now. A
-- database where an older omnidb created them lacks later columns, or has
-- metadata.key in the old case-insensitive collation. After db_init.sql the
-- runner asks information_schema and runs only what is missing (MySQL 8.0 has
-- no ADD COLUMN IF NOT EXISTS; and a decision made in SQL would need dynamic
-- SQL, which MariaDB 10.11 was seen to crash on in this very check).
-- Conventions: queries/README.md.
-- =============================================================================


-- name: schema_migrations_columns()
-- Returns the names of the columns schema_migrations has now.
SELECT COLUMN_NAME AS name
FROM information_schema.COLUMNS
WHERE
    TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'schema_migrations';


-- name: metadata_columns()
-- Returns the names of the columns metadata has now (none: no such table).
SELECT COLUMN_NAME AS name
FROM information_schema.COLUMNS
WHERE
    TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'metadata';


-- name: add_schema_migrations_down_checksum()!
-- Adds down_checksum: sha256 of the down.sql shipped with the version.
ALTER TABLE schema_migrations
ADD COLUMN down_checksum CHAR(64) NULL AFTER checksum;


-- name: add_schema_migrations_statement_started()!
-- Adds statement_started: the statement a run began and may not have finished.
ALTER TABLE schema_migrations
ADD COLUMN statement_started INT NULL AFTER statements_done;


-- name: add_schema_migrations_paused()!
-- Adds paused: a run that stopped cleanly before a statement, behind a lock.
ALTER TABLE schema_migrations
ADD COLUMN paused TINYINT(1) NOT NULL DEFAULT 0 AFTER statement_started;


-- name: add_schema_migrations_run_connection_id()!
-- Adds run_connection_id: the connection running the version.
ALTER TABLE schema_migrations
ADD COLUMN run_connection_id BIGINT NULL AFTER paused;


-- name: add_schema_migrations_run_started_at()!
-- Adds run_started_at: since when that connection runs it.
ALTER TABLE schema_migrations
ADD COLUMN run_started_at DATETIME(6) NULL AFTER run_connection_id;


-- name: metadata_key_collation()$
-- Returns the collation of metadata.key.
SELECT COLLATION_NAME
FROM information_schema.COLUMNS
WHERE
    TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'metadata'
    AND COLUMN_NAME = 'key';


-- name: convert_metadata_key_mariadb()!
-- Makes metadata keys compare byte for byte, NO PAD ('Region', 'region' and
-- 'region ' are three keys), on MariaDB. Keys distinct under the old
-- collation stay distinct, so the unique key cannot fail.
ALTER TABLE metadata
MODIFY `key` VARCHAR(255) COLLATE utf8mb4_nopad_bin NOT NULL;


-- name: convert_metadata_key_mysql()!
-- The same on MySQL 8.0, whose binary NO PAD collation is utf8mb4_0900_bin.
-- (aiosql drops /*! ... */ comments, so each server has its own statement.)
ALTER TABLE metadata
MODIFY `key` VARCHAR(255) COLLATE utf8mb4_0900_bin NOT NULL;
