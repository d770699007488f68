-- =============================================================================
-- alert_escalations.sql: alert escalations (table alert_escalations), schema V1
-- =============================================================================
-- Each escalation of an alert: level, to whom (JSON) and how (email, sms,
-- webhook...).
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_alert_escalation_by_id(id)^
-- Returns the alert escalation with id :id, or nothing if there is none.
SELECT
    id,
    alert_id,
    escalation_level,
    escalated_at,
    escalated_to,
    escalation_method,
    response_required_by,
    created_at,
    updated_at
FROM alert_escalations
WHERE id = :id;


-- name: list_alert_escalations(alert_id, limit, offset)
-- Returns one page of alert escalations, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :alert_id.
SELECT
    id,
    alert_id,
    escalation_level,
    escalated_at,
    escalated_to,
    escalation_method,
    response_required_by,
    created_at,
    updated_at
FROM alert_escalations
WHERE (:alert_id IS NULL OR alert_id = :alert_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_alert_escalations(alert_id)$
-- Returns how many alert escalations list_alert_escalations pages through with the same filters.
SELECT COUNT(*)
FROM alert_escalations
WHERE (:alert_id IS NULL OR alert_id = :alert_id);


-- name: create_alert_escalation(alert_id, escalation_level, escalated_at, escalated_to, escalation_method, response_required_by)<!
-- Inserts one alert escalation; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO alert_escalations (
    alert_id,
    escalation_level,
    escalated_at,
    escalated_to,
    escalation_method,
    response_required_by
)
VALUES (
    :alert_id,
    :escalation_level,
    COALESCE(:escalated_at, DEFAULT(escalated_at)),
    :escalated_to,
    :escalation_method,
    :response_required_by
);


-- name: update_alert_escalation(id, expected_updated_at)!
-- Changes the given columns of alert escalation :id and moves updated_at; returns the
-- rows matched (0: no such alert escalation). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/alert_escalations.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE alert_escalations
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_alert_escalation(id)!
-- Deletes alert escalation :id; returns 1, or 0 if there is no such alert escalation.
DELETE FROM alert_escalations
WHERE id = :id;
