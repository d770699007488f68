-- =============================================================================
-- alert_history.sql: alert history entries (table alert_history), schema V1
-- =============================================================================
-- Every change of an alert, with the state before and after. Append-only:
-- no update or delete query exists.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_alert_history_entry_by_id(id)^
-- Returns the alert history entry with id :id, or nothing if there is none.
SELECT
    id,
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes,
    created_at,
    updated_at
FROM alert_history
WHERE id = :id;


-- name: list_alert_history(alert_id, performed_by, action, since, until, limit, offset)
-- Returns one page of alert history entries, newest first (performed_at; ties broken by id).
-- Filters left NULL match every row: :alert_id, :performed_by, :action, :since, :until.
-- :since and :until bound performed_at (since inclusive, until exclusive).
SELECT
    id,
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes,
    created_at,
    updated_at
FROM alert_history
WHERE (:alert_id IS NULL OR alert_id = :alert_id)
    AND (:performed_by IS NULL OR performed_by = :performed_by)
    AND (:action IS NULL OR action = :action)
    AND (:since IS NULL OR performed_at >= :since)
    AND (:until IS NULL OR performed_at < :until)
ORDER BY performed_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_alert_history(alert_id, performed_by, action, since, until)$
-- Returns how many alert history entries list_alert_history pages through with the same filters.
SELECT COUNT(*)
FROM alert_history
WHERE (:alert_id IS NULL OR alert_id = :alert_id)
    AND (:performed_by IS NULL OR performed_by = :performed_by)
    AND (:action IS NULL OR action = :action)
    AND (:since IS NULL OR performed_at >= :since)
    AND (:until IS NULL OR performed_at < :until);


-- name: create_alert_history_entry(alert_id, action, performed_by, performed_at, previous_state, new_state, notes)<!
-- Inserts one alert history entry; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO alert_history (
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes
)
VALUES (
    :alert_id,
    :action,
    :performed_by,
    COALESCE(:performed_at, DEFAULT(performed_at)),
    :previous_state,
    :new_state,
    :notes
);


-- name: create_alert_history_entry_returning(alert_id, action, performed_by, performed_at, previous_state, new_state, notes)^
-- Inserts one alert history entry and returns it as stored, in one statement:
-- MariaDB 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead
-- of create_alert_history_entry plus a read-back; on MySQL it runs
-- create_alert_history_entry. The same columns and defaults as
-- create_alert_history_entry; RETURNING lists the columns of
-- get_alert_history_entry_by_id, in its order. (sqlfluff parses MySQL, which
-- lacks RETURNING.)
INSERT INTO alert_history (
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes
)
VALUES (
    :alert_id,
    :action,
    :performed_by,
    COALESCE(:performed_at, DEFAULT(performed_at)),
    :previous_state,
    :new_state,
    :notes
)
RETURNING  -- noqa: PRS
    id,
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes,
    created_at,
    updated_at;


-- name: list_alert_history_after(after_time, after_id, alert_id, limit)
-- Keyset pagination: returns up to :limit alert history entries older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest performed_at first, ties broken by id. A deep page costs what the
-- first one does: the (performed_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    alert_id,
    action,
    performed_by,
    performed_at,
    previous_state,
    new_state,
    notes,
    created_at,
    updated_at
FROM alert_history
WHERE (
        :after_id IS NULL
        OR performed_at < :after_time
        OR (performed_at = :after_time AND id < :after_id)
    )
    AND (:alert_id IS NULL OR alert_id = :alert_id)
ORDER BY performed_at DESC, id DESC
LIMIT :limit;
