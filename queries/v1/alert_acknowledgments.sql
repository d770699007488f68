-- =============================================================================
-- alert_acknowledgments.sql: alert acknowledgments (table alert_acknowledgments), schema V1
-- =============================================================================
-- Who acknowledged an alert, and their notes.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_alert_acknowledgment_by_id(id)^
-- Returns the alert acknowledgment with id :id, or nothing if there is none.
SELECT
    id,
    alert_id,
    user_id,
    acknowledged_at,
    notes,
    created_at,
    updated_at
FROM alert_acknowledgments
WHERE id = :id;


-- name: list_alert_acknowledgments(alert_id, user_id, limit, offset)
-- Returns one page of alert acknowledgments, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :alert_id, :user_id.
SELECT
    id,
    alert_id,
    user_id,
    acknowledged_at,
    notes,
    created_at,
    updated_at
FROM alert_acknowledgments
WHERE (:alert_id IS NULL OR alert_id = :alert_id)
    AND (:user_id IS NULL OR user_id = :user_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_alert_acknowledgments(alert_id, user_id)$
-- Returns how many alert acknowledgments list_alert_acknowledgments pages through with the same filters.
SELECT COUNT(*)
FROM alert_acknowledgments
WHERE (:alert_id IS NULL OR alert_id = :alert_id)
    AND (:user_id IS NULL OR user_id = :user_id);


-- name: create_alert_acknowledgment(alert_id, user_id, acknowledged_at, notes)<!
-- Inserts one alert acknowledgment; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO alert_acknowledgments (
    alert_id,
    user_id,
    acknowledged_at,
    notes
)
VALUES (
    :alert_id,
    :user_id,
    COALESCE(:acknowledged_at, DEFAULT(acknowledged_at)),
    :notes
);


-- name: create_alert_acknowledgment_returning(alert_id, user_id, acknowledged_at, notes)^
-- Inserts one alert acknowledgment and returns it as stored, in one statement:
-- MariaDB 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead
-- of create_alert_acknowledgment plus a read-back; on MySQL it runs
-- create_alert_acknowledgment. The same columns and defaults as
-- create_alert_acknowledgment; RETURNING lists the columns of
-- get_alert_acknowledgment_by_id, in its order. (sqlfluff parses MySQL, which
-- lacks RETURNING.)
INSERT INTO alert_acknowledgments (
    alert_id,
    user_id,
    acknowledged_at,
    notes
)
VALUES (
    :alert_id,
    :user_id,
    COALESCE(:acknowledged_at, DEFAULT(acknowledged_at)),
    :notes
)
RETURNING  -- noqa: PRS
    id,
    alert_id,
    user_id,
    acknowledged_at,
    notes,
    created_at,
    updated_at;


-- name: update_alert_acknowledgment(id, expected_updated_at)!
-- Changes the given columns of alert acknowledgment :id and moves updated_at; returns the
-- rows matched (0: no such alert acknowledgment). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/alert_acknowledgments.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE alert_acknowledgments
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_alert_acknowledgment(id)!
-- Deletes alert acknowledgment :id; returns 1, or 0 if there is no such alert acknowledgment.
DELETE FROM alert_acknowledgments
WHERE id = :id;
