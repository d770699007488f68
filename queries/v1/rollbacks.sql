-- =============================================================================
-- rollbacks.sql: rollbacks (table rollbacks), schema V1
-- =============================================================================
-- Rollbacks of an app from one deployment to an earlier one.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_rollback_by_id(id)^
-- Returns the rollback with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    from_deployment_id,
    to_deployment_id,
    status,
    reason,
    automatic,
    trigger_condition,
    started_at,
    completed_at,
    rollback_duration,
    error_message,
    created_by,
    created_at,
    updated_at
FROM rollbacks
WHERE id = :id;


-- name: list_rollbacks(app_id, status, limit, offset)
-- Returns one page of rollbacks, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :status.
SELECT
    id,
    app_id,
    from_deployment_id,
    to_deployment_id,
    status,
    reason,
    automatic,
    trigger_condition,
    started_at,
    completed_at,
    rollback_duration,
    error_message,
    created_by,
    created_at,
    updated_at
FROM rollbacks
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_rollbacks(app_id, status)$
-- Returns how many rollbacks list_rollbacks pages through with the same filters.
SELECT COUNT(*)
FROM rollbacks
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status);


-- name: create_rollback(app_id, from_deployment_id, to_deployment_id, status, reason, automatic, trigger_condition, started_at, completed_at, rollback_duration, error_message, created_by)<!
-- Inserts one rollback; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO rollbacks (
    app_id,
    from_deployment_id,
    to_deployment_id,
    status,
    reason,
    automatic,
    trigger_condition,
    started_at,
    completed_at,
    rollback_duration,
    error_message,
    created_by
)
VALUES (
    :app_id,
    :from_deployment_id,
    :to_deployment_id,
    COALESCE(:status, DEFAULT(status)),
    :reason,
    COALESCE(:automatic, DEFAULT(automatic)),
    :trigger_condition,
    :started_at,
    :completed_at,
    :rollback_duration,
    :error_message,
    :created_by
);


-- name: update_rollback(id, expected_updated_at)!
-- Changes the given columns of rollback :id and moves updated_at; returns the
-- rows matched (0: no such rollback). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/rollbacks.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE rollbacks
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_rollback(id)!
-- Deletes rollback :id; returns 1, or 0 if there is no such rollback.
DELETE FROM rollbacks
WHERE id = :id;


-- name: start_rollback(id)!
-- Moves rollback :id from pending to in_progress and stamps started_at;
-- returns the rows matched (0: no such rollback, or not pending).
UPDATE rollbacks
SET
    status = 'in_progress',
    started_at = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'pending';


-- name: complete_rollback(id)!
-- Marks rollback :id completed, stamps completed_at and rollback_duration
-- (whole seconds since started_at); returns the rows matched (0: no such
-- rollback, or not in progress).
UPDATE rollbacks
SET
    status = 'completed',
    completed_at = CURRENT_TIMESTAMP(6),
    rollback_duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'in_progress';


-- name: fail_rollback(id, error_message)!
-- Marks rollback :id failed with :error_message, stamps completed_at and, if
-- it had started, rollback_duration; returns the rows matched (0: no such
-- rollback, or it has already ended).
UPDATE rollbacks
SET
    status = 'failed',
    error_message = :error_message,
    completed_at = CURRENT_TIMESTAMP(6),
    rollback_duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status IN ('pending', 'in_progress');


-- name: count_open_rollbacks_of_app(app_id)$
-- Returns how many rollbacks of app :app_id are pending or in progress
-- (record_rollback refuses a second one while one is open). A locking read
-- (FOR UPDATE): it counts the latest committed rows, not the snapshot of
-- the transaction's first read, which predates a rollback recorded while
-- this one waited for lock_app.
SELECT COUNT(*)
FROM rollbacks
WHERE app_id = :app_id
    AND status IN ('pending', 'in_progress')
FOR UPDATE;
