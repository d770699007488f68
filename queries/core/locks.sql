-- =============================================================================
-- locks.sql: server-side named locks (GET_LOCK), held by one session
-- =============================================================================
-- Named locks are server-wide, so lock names include the database name. Both
-- MySQL 8.0 and MariaDB limit a name to 64 characters. A lock is released
-- explicitly, or by the server when the session holding it ends (a crashed
-- runner cannot leave it held).
-- =============================================================================


-- name: get_lock(name, timeout)$
-- Waits up to :timeout seconds for lock :name. Returns 1 when acquired,
-- 0 on time-out, NULL on error.
SELECT GET_LOCK(:name, :timeout);


-- name: release_lock(name)$
-- Releases lock :name. Returns 1 when released, 0 if another session holds
-- it, NULL if nobody did.
SELECT RELEASE_LOCK(:name);


-- name: lock_holder(name)$
-- Returns the connection id of the session holding lock :name, or NULL.
SELECT IS_USED_LOCK(:name);
