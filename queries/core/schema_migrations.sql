-- =============================================================================
-- schema_migrations.sql: bookkeeping of the migration runner (omnidb/tooling/migrate.py)
-- =============================================================================
-- Tables: schema_migrations, schema_migration_history (see sql/db_init.sql).
-- The runner holds the migration lock (locks.sql) around every write here.
-- =============================================================================


-- name: migrations_table_exists()$
-- Returns 1 when the current database has a schema_migrations table, else 0.
SELECT COUNT(*)
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'schema_migrations';


-- name: list_recorded_versions()
-- Returns every recorded version, lowest first, with its state and timings.
SELECT
    version,
    name,
    checksum,
    state,
    statements_total,
    statements_done,
    failed_statement,
    error,
    applied_at,
    execution_ms,
    applied_by
FROM schema_migrations
ORDER BY version;


-- name: start_version(version, name, checksum, statements_total)!
-- Records that version :version starts going up: state 'applying', no
-- statement done yet. Replaces a row left by an earlier resolved attempt.
-- The update repeats the parameters rather than using VALUES(col), which
-- MySQL 8.0.20+ deprecates and whose replacement (AS alias) MariaDB lacks.
INSERT INTO schema_migrations (
    version, name, checksum, state, statements_total, statements_done,
    failed_statement, error, applied_at, execution_ms, applied_by
)
VALUES (
    :version, :name, :checksum, 'applying', :statements_total, 0,
    NULL, NULL, NULL, NULL, CURRENT_USER()
)
ON DUPLICATE KEY UPDATE
    name = :name,
    checksum = :checksum,
    state = 'applying',
    statements_total = :statements_total,
    statements_done = 0,
    failed_statement = NULL,
    error = NULL,
    applied_at = NULL,
    execution_ms = NULL,
    applied_by = CURRENT_USER();


-- name: start_revert(version, statements_total)!
-- Records that version :version starts going down: state 'reverting'.
UPDATE schema_migrations
SET
    state = 'reverting',
    statements_total = :statements_total,
    statements_done = 0,
    failed_statement = NULL,
    error = NULL
WHERE version = :version;


-- name: mark_statement_done(version, statements_done)!
-- Records that statement :statements_done of the running version completed.
UPDATE schema_migrations
SET statements_done = :statements_done
WHERE version = :version;


-- name: mark_failed(version, failed_statement, error)!
-- Records the statement that failed and the server's error; the state stays
-- 'applying' or 'reverting', which marks the database dirty.
UPDATE schema_migrations
SET
    failed_statement = :failed_statement,
    error = :error
WHERE version = :version;


-- name: mark_applied(version, checksum, execution_ms)!
-- Records that version :version is fully applied.
UPDATE schema_migrations
SET
    state = 'applied',
    checksum = :checksum,
    failed_statement = NULL,
    error = NULL,
    applied_at = CURRENT_TIMESTAMP(6),
    execution_ms = :execution_ms,
    applied_by = CURRENT_USER()
WHERE version = :version;


-- name: forget_version(version)!
-- Removes version :version: it is fully reverted (or an operator said so).
DELETE FROM schema_migrations
WHERE version = :version;


-- name: start_history(version, direction, checksum)<!
-- Appends a run of version :version in :direction to the audit trail;
-- returns the new history row's id.
INSERT INTO schema_migration_history (version, direction, checksum, outcome, run_by)
VALUES (:version, :direction, :checksum, 'running', CURRENT_USER());


-- name: finish_history(id, outcome, execution_ms, error)!
-- Closes history row :id with its outcome, duration and error, if any.
UPDATE schema_migration_history
SET
    outcome = :outcome,
    execution_ms = :execution_ms,
    error = :error
WHERE id = :id;


-- name: applied_version()$
-- Returns the highest version recorded as applied (0 when none). The runner
-- keeps applied versions contiguous from 1, so this is the schema version.
SELECT COALESCE(MAX(version), 0)
FROM schema_migrations
WHERE state = 'applied';
