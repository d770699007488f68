-- =============================================================================
-- bookkeeping.sql: bringing the runner's own tables up to date
-- =============================================================================
-- sql/db_init.sql creates schema_migrations with every column. A database
-- whose schema_migrations an older omnidb created lacks the later ones; the
-- runner lists the columns there and runs add_schema_migrations_<column> for
-- each one missing, in this order (MySQL 8.0 has no ADD COLUMN IF NOT EXISTS).
-- Conventions: queries/README.md.
-- =============================================================================


-- name: schema_migrations_columns()
-- Returns the names of the columns schema_migrations has now.
SELECT COLUMN_NAME AS name
FROM information_schema.COLUMNS
WHERE
    TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'schema_migrations';


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
