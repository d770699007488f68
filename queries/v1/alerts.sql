-- =============================================================================
-- alerts.sql: alerts (table alerts), schema V1
-- =============================================================================
-- Problems the platform detected, and their resolution. Status: active,
-- acknowledged, resolved, auto_resolved; every change of it is recorded in
-- alert_history by the hand-written operations
-- (omnidb/v1/domain/alerts.py). History: no soft delete.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_alert_by_id(id)^
-- Returns the alert with id :id, or nothing if there is none.
SELECT
    id,
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    status,
    resolved_at,
    resolved_by,
    metadata,
    created_at,
    updated_at
FROM alerts
WHERE id = :id;


-- name: list_alerts(org_id, app_id, severity, status, since, until, limit, offset)
-- Returns one page of alerts, newest first (raised_at; ties broken by id).
-- Filters left NULL match every row: :org_id, :app_id, :severity, :status, :since, :until.
-- :since and :until bound raised_at (since inclusive, until exclusive).
SELECT
    id,
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    status,
    resolved_at,
    resolved_by,
    metadata,
    created_at,
    updated_at
FROM alerts
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:severity IS NULL OR severity = :severity)
    AND (:status IS NULL OR status = :status)
    AND (:since IS NULL OR raised_at >= :since)
    AND (:until IS NULL OR raised_at < :until)
ORDER BY raised_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_alerts(org_id, app_id, severity, status, since, until)$
-- Returns how many alerts list_alerts pages through with the same filters.
SELECT COUNT(*)
FROM alerts
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:severity IS NULL OR severity = :severity)
    AND (:status IS NULL OR status = :status)
    AND (:since IS NULL OR raised_at >= :since)
    AND (:until IS NULL OR raised_at < :until);


-- name: create_alert(org_id, app_id, instance_id, region_id, worker_id, alert_type, severity, service, message, raised_at, metadata)<!
-- Inserts one alert; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
-- A new alert is active: acknowledge_alert, resolve_alert and escalate_alert move it on.
INSERT INTO alerts (
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    metadata
)
VALUES (
    :org_id,
    :app_id,
    :instance_id,
    :region_id,
    :worker_id,
    :alert_type,
    :severity,
    :service,
    :message,
    COALESCE(:raised_at, DEFAULT(raised_at)),
    :metadata
);


-- name: create_alert_returning(org_id, app_id, instance_id, region_id, worker_id, alert_type, severity, service, message, raised_at, metadata)^
-- Inserts one alert and returns it as stored, in one statement: MariaDB 10.5+
-- only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_alert plus a read-back; on MySQL it runs create_alert. The same
-- columns and defaults as create_alert; RETURNING lists the columns of
-- get_alert_by_id, in its order. A new alert is active: acknowledge_alert,
-- resolve_alert and escalate_alert move it on. (sqlfluff parses MySQL, which
-- lacks RETURNING.)
INSERT INTO alerts (
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    metadata
)
VALUES (
    :org_id,
    :app_id,
    :instance_id,
    :region_id,
    :worker_id,
    :alert_type,
    :severity,
    :service,
    :message,
    COALESCE(:raised_at, DEFAULT(raised_at)),
    :metadata
)
RETURNING  -- noqa: PRS
    id,
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    status,
    resolved_at,
    resolved_by,
    metadata,
    created_at,
    updated_at;


-- name: update_alert(id, expected_updated_at)!
-- Changes the given columns of alert :id and moves updated_at; returns the
-- rows matched (0: no such alert). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/alerts.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE alerts
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_alert(id)!
-- Deletes alert :id; returns 1, or 0 if there is no such alert.
DELETE FROM alerts
WHERE id = :id;


-- name: list_alerts_after(after_time, after_id, org_id, app_id, status, limit)
-- Keyset pagination: returns up to :limit alerts older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest raised_at first, ties broken by id. A deep page costs what the
-- first one does: the (raised_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    status,
    resolved_at,
    resolved_by,
    metadata,
    created_at,
    updated_at
FROM alerts
WHERE (
        :after_id IS NULL
        OR raised_at < :after_time
        OR (raised_at = :after_time AND id < :after_id)
    )
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY raised_at DESC, id DESC
LIMIT :limit;


-- name: lock_alert(id)^
-- Returns alert :id and locks it until the transaction ends (the status
-- transitions of omnidb/v1/domain/alerts.py read the status they change
-- this way), or nothing if there is none.
SELECT
    id,
    org_id,
    app_id,
    instance_id,
    region_id,
    worker_id,
    alert_type,
    severity,
    service,
    message,
    raised_at,
    status,
    resolved_at,
    resolved_by,
    metadata,
    created_at,
    updated_at
FROM alerts
WHERE id = :id
FOR UPDATE;


-- name: set_alert_status(id, status, resolved_by)!
-- Sets the status of alert :id; resolved and auto_resolved stamp resolved_at
-- and resolved_by, the other statuses clear them. Returns the rows matched.
-- The caller has locked the row and recorded the change in alert_history.
UPDATE alerts
SET
    status = :status,
    resolved_at = CASE
        WHEN :status IN ('resolved', 'auto_resolved') THEN CURRENT_TIMESTAMP(6)
    END,
    resolved_by = CASE
        WHEN :status IN ('resolved', 'auto_resolved') THEN :resolved_by
    END,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;


-- name: count_alerts_by_severity_and_status(org_id, app_id, since, until)
-- Returns one row per (severity, status) with its number of alerts (alerts),
-- for the alerts matching the filters (NULL matches every row; :since and
-- :until bound raised_at, since inclusive, until exclusive).
SELECT
    severity,
    status,
    COUNT(*) AS alerts
FROM alerts
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:since IS NULL OR raised_at >= :since)
    AND (:until IS NULL OR raised_at < :until)
GROUP BY severity, status
ORDER BY severity, status;


-- name: lock_alerts_to_auto_resolve(raised_before, org_id)
-- Returns the ids of the active or acknowledged alerts raised before
-- :raised_before (of org :org_id, when given) and locks them until the
-- transaction ends.
SELECT id
FROM alerts
WHERE status IN ('active', 'acknowledged')
    AND raised_at < :raised_before
    AND (:org_id IS NULL OR org_id = :org_id)
FOR UPDATE;


-- name: record_auto_resolve_history(raised_before, org_id, notes)!
-- Appends one alert_history row (action auto_resolve, previous and new
-- status) for each alert auto_resolve_alerts is about to close; returns the
-- rows inserted. Runs before auto_resolve_alerts, in the same transaction.
INSERT INTO alert_history (
    alert_id,
    action,
    performed_by,
    previous_state,
    new_state,
    notes
)
SELECT
    id,
    'auto_resolve',
    NULL,
    JSON_OBJECT('status', status),
    JSON_OBJECT('status', 'auto_resolved'),
    :notes
FROM alerts
WHERE status IN ('active', 'acknowledged')
    AND raised_at < :raised_before
    AND (:org_id IS NULL OR org_id = :org_id);


-- name: auto_resolve_alerts(raised_before, org_id)!
-- Closes the active or acknowledged alerts raised before :raised_before (of
-- org :org_id, when given) as auto_resolved; returns the rows changed.
UPDATE alerts
SET
    status = 'auto_resolved',
    resolved_at = CURRENT_TIMESTAMP(6),
    resolved_by = NULL,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE status IN ('active', 'acknowledged')
    AND raised_at < :raised_before
    AND (:org_id IS NULL OR org_id = :org_id);


-- name: count_open_budget_alerts(org_id, budget_id)$
-- Returns how many active or acknowledged budget_threshold alerts of org
-- :org_id name budget :budget_id in their metadata (raise_cost_budget_alerts
-- raises one per budget until it is resolved). The (org_id, raised_at)
-- index narrows the scan to the org.
SELECT COUNT(*)
FROM alerts
WHERE org_id = :org_id
    AND alert_type = 'budget_threshold'
    AND status IN ('active', 'acknowledged')
    AND JSON_VALUE(metadata, '$.budget_id') = :budget_id;
