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


-- name: migrations_table_is_current()$
-- Returns 1 when schema_migrations has every column this omnidb records
-- (db_init.sql adds them to a table made by an older omnidb), else 0.
SELECT COUNT(*) = 5
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
    AND TABLE_NAME = 'schema_migrations'
    AND COLUMN_NAME IN (
        'down_checksum', 'statement_started', 'paused', 'run_connection_id',
        'run_started_at'
    );


-- name: list_recorded_versions()
-- Returns every recorded version, lowest first, with its state, timings and
-- the run that is (or was) on it.
SELECT
    version,
    name,
    checksum,
    down_checksum,
    state,
    statements_total,
    statements_done,
    statement_started,
    paused,
    failed_statement,
    error,
    applied_at,
    execution_ms,
    applied_by,
    run_connection_id,
    run_started_at
FROM schema_migrations
ORDER BY version;


-- name: list_recorded_versions_before_upgrade()
-- Returns every recorded version like list_recorded_versions, from a
-- schema_migrations table an older omnidb made (before db_init.sql added the
-- columns read here as NULL), so a read-only status need not alter it.
SELECT
    version,
    name,
    checksum,
    NULL AS down_checksum,
    state,
    statements_total,
    statements_done,
    NULL AS statement_started,
    0 AS paused,
    failed_statement,
    error,
    applied_at,
    execution_ms,
    applied_by,
    NULL AS run_connection_id,
    NULL AS run_started_at
FROM schema_migrations
ORDER BY version;


-- name: start_version(version, name, checksum, down_checksum, statements_total)!
-- Records that version :version starts going up on this connection: state
-- 'applying', no statement done yet. Replaces a row left by an earlier
-- resolved attempt. The update repeats the parameters rather than using
-- VALUES(col), which MySQL 8.0.20+ deprecates and whose replacement
-- (AS alias) MariaDB lacks.
INSERT INTO schema_migrations (
    version, name, checksum, down_checksum, state, statements_total,
    statements_done, statement_started, paused, failed_statement, error,
    applied_at, execution_ms, applied_by, run_connection_id, run_started_at
)
VALUES (
    :version, :name, :checksum, :down_checksum, 'applying', :statements_total,
    0, NULL, 0, NULL, NULL,
    NULL, NULL, CURRENT_USER(), CONNECTION_ID(), CURRENT_TIMESTAMP(6)
)
ON DUPLICATE KEY UPDATE
    name = :name,
    checksum = :checksum,
    down_checksum = :down_checksum,
    state = 'applying',
    statements_total = :statements_total,
    statements_done = 0,
    statement_started = NULL,
    paused = 0,
    failed_statement = NULL,
    error = NULL,
    applied_at = NULL,
    execution_ms = NULL,
    applied_by = CURRENT_USER(),
    run_connection_id = CONNECTION_ID(),
    run_started_at = CURRENT_TIMESTAMP(6);


-- name: start_revert(version, statements_total)!
-- Records that version :version starts going down on this connection: state
-- 'reverting'.
UPDATE schema_migrations
SET
    state = 'reverting',
    statements_total = :statements_total,
    statements_done = 0,
    statement_started = NULL,
    paused = 0,
    failed_statement = NULL,
    error = NULL,
    run_connection_id = CONNECTION_ID(),
    run_started_at = CURRENT_TIMESTAMP(6)
WHERE version = :version;


-- name: continue_run(version)!
-- Records that this connection takes over the unfinished run of :version
-- (omnidb resume, or omnidb migrate after a pause); progress is kept.
UPDATE schema_migrations
SET
    statement_started = NULL,
    paused = 0,
    failed_statement = NULL,
    error = NULL,
    run_connection_id = CONNECTION_ID(),
    run_started_at = CURRENT_TIMESTAMP(6)
WHERE version = :version;


-- name: mark_statement_started(version, statement)!
-- Records that statement :statement of the running version is being sent:
-- until mark_statement_done, its outcome is unknown.
UPDATE schema_migrations
SET statement_started = :statement
WHERE version = :version;


-- name: mark_statement_done(version, statements_done)!
-- Records that statement :statements_done of the running version completed.
UPDATE schema_migrations
SET
    statements_done = :statements_done,
    statement_started = NULL
WHERE version = :version;


-- name: mark_failed(version, failed_statement, error)!
-- Records the statement that failed and the server's error; the state stays
-- 'applying' or 'reverting', which marks the database dirty. The statement
-- ended (with an error), so none is in flight.
UPDATE schema_migrations
SET
    statement_started = NULL,
    failed_statement = :failed_statement,
    error = :error
WHERE version = :version;


-- name: mark_paused(version, failed_statement, error)!
-- Records that the run stopped before statement statements_done + 1, which
-- kept waiting for a table lock other sessions held: nothing of it ran, so the
-- version is not dirty, only unfinished (omnidb migrate goes on from there).
UPDATE schema_migrations
SET
    statement_started = NULL,
    paused = 1,
    failed_statement = :failed_statement,
    error = :error
WHERE version = :version;


-- name: cancel_revert(version)!
-- Records :version as applied again: its rollback stopped before its first
-- statement ran (a table lock wait), so nothing of it changed.
UPDATE schema_migrations
SET
    state = 'applied',
    statements_done = statements_total,
    statement_started = NULL,
    paused = 0,
    failed_statement = NULL,
    error = NULL
WHERE version = :version;


-- name: mark_applied(version, checksum, down_checksum, execution_ms)!
-- Records that version :version is fully applied.
UPDATE schema_migrations
SET
    state = 'applied',
    checksum = :checksum,
    down_checksum = :down_checksum,
    statements_done = statements_total,
    statement_started = NULL,
    paused = 0,
    failed_statement = NULL,
    error = NULL,
    applied_at = CURRENT_TIMESTAMP(6),
    execution_ms = :execution_ms,
    applied_by = CURRENT_USER()
WHERE version = :version;


-- name: fill_down_checksum(version, down_checksum)!
-- Records the down.sql checksum of :version where an older omnidb left none.
UPDATE schema_migrations
SET down_checksum = :down_checksum
WHERE version = :version
    AND down_checksum IS NULL;


-- name: replace_checksum(version, old_checksum, checksum)!
-- Records :checksum for applied version :version, recorded with
-- :old_checksum, a superseded revision of the same up.sql.
UPDATE schema_migrations
SET checksum = :checksum
WHERE version = :version
    AND checksum = :old_checksum;


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


-- name: set_lock_wait_timeout(seconds)!
-- Bounds how long each statement of this session waits for a table
-- (metadata) lock: a DDL waiting for one makes every later reader of that
-- table queue behind it, so the wait must be short.
SET SESSION lock_wait_timeout = :seconds;


-- name: connection_id()$
-- Returns this session's connection id, as PROCESSLIST and KILL name it.
SELECT CONNECTION_ID();


-- name: sessions_alive(books_connection_id, script_connection_id)
-- Returns which of a run's two sessions, by connection id, the server still
-- holds, what each does ('Query' while it runs a statement) and its statement:
-- after one failed with a lost connection, a fresh session asks, to tell a
-- session the server ended (KILL, a timeout) from a server that is gone, and
-- both from a connection that broke on the client's side (its read_timeout)
-- while the server still runs the statement (its text tells it from another
-- session that got the same id after a restart). A killed session may linger
-- a moment as 'Killed'; it is left out. An account sees its own sessions
-- without the PROCESS privilege: the run's are.
SELECT
    p.ID AS connection_id,
    p.COMMAND AS command,
    p.INFO AS statement
FROM information_schema.PROCESSLIST AS p
WHERE
    p.ID IN (:books_connection_id, :script_connection_id)
    AND p.COMMAND <> 'Killed'
ORDER BY p.ID ASC;


-- name: statements_running_here()
-- Returns the other sessions running a statement in this database now, with
-- its text: resume looks there for the statement a runner that died had sent,
-- which the server goes on running until it ends. An account without the
-- PROCESS privilege sees its own sessions only, which are the runner's.
SELECT
    p.ID AS connection_id,
    p.INFO AS statement
FROM information_schema.PROCESSLIST AS p
WHERE p.DB = DATABASE()
    AND p.COMMAND = 'Query'
    AND p.ID <> CONNECTION_ID()
ORDER BY p.ID ASC;


-- name: lock_blockers(script_connection_id)
-- Returns the other sessions with an open transaction, those using this
-- database first, oldest first, leaving out this one and the runner's script
-- session :script_connection_id: the
-- likely holders of the table lock a migration statement waited for (an open
-- transaction keeps a metadata lock on every table it read until it ends).
-- The age has the time-zone caveat of open_transactions (doctor.sql).
SELECT
    p.ID AS connection_id,
    p.USER AS user,
    p.HOST AS host,
    p.DB AS db,
    p.COMMAND AS command,
    TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS transaction_seconds,
    LEFT(p.INFO, 200) AS query
FROM information_schema.INNODB_TRX AS t
INNER JOIN information_schema.PROCESSLIST AS p ON p.ID = t.trx_mysql_thread_id
WHERE p.ID NOT IN (CONNECTION_ID(), :script_connection_id) -- noqa: RF02
ORDER BY p.DB <=> DATABASE() DESC, t.trx_started ASC, p.ID ASC;
