-- =============================================================================
-- audit_logs.sql: audit logs (table audit_logs), schema V1
-- =============================================================================
-- Who did what to which resource. Append-only: no update or delete query
-- exists.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_audit_log_by_id(id)^
-- Returns the audit log with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    action,
    resource_type,
    resource_id,
    before_state,
    after_state,
    details,
    ip_address,
    user_agent,
    request_id,
    status,
    created_at,
    updated_at
FROM audit_logs
WHERE id = :id;


-- name: list_audit_logs(user_id, org_id, app_id, action, resource_type, since, until, limit, offset)
-- Returns one page of audit logs, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id, :org_id, :app_id, :action, :resource_type, :since, :until.
-- :since and :until bound created_at (since inclusive, until exclusive).
SELECT
    id,
    user_id,
    org_id,
    app_id,
    action,
    resource_type,
    resource_id,
    before_state,
    after_state,
    details,
    ip_address,
    user_agent,
    request_id,
    status,
    created_at,
    updated_at
FROM audit_logs
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:action IS NULL OR action = :action)
    AND (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:since IS NULL OR created_at >= :since)
    AND (:until IS NULL OR created_at < :until)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_audit_logs(user_id, org_id, app_id, action, resource_type, since, until)$
-- Returns how many audit logs list_audit_logs pages through with the same filters.
SELECT COUNT(*)
FROM audit_logs
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:action IS NULL OR action = :action)
    AND (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:since IS NULL OR created_at >= :since)
    AND (:until IS NULL OR created_at < :until);


-- name: create_audit_log(user_id, org_id, app_id, action, resource_type, resource_id, before_state, after_state, details, ip_address, user_agent, request_id, status)<!
-- Inserts one audit log; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO audit_logs (
    user_id,
    org_id,
    app_id,
    action,
    resource_type,
    resource_id,
    before_state,
    after_state,
    details,
    ip_address,
    user_agent,
    request_id,
    status
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    :action,
    :resource_type,
    :resource_id,
    :before_state,
    :after_state,
    :details,
    :ip_address,
    :user_agent,
    :request_id,
    COALESCE(:status, DEFAULT(status))
);


-- name: create_audit_log_returning(user_id, org_id, app_id, action, resource_type, resource_id, before_state, after_state, details, ip_address, user_agent, request_id, status)^
-- Inserts one audit log and returns it as stored, in one statement: MariaDB
-- 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_audit_log plus a read-back; on MySQL it runs create_audit_log. The
-- same columns and defaults as create_audit_log; RETURNING lists the columns
-- of get_audit_log_by_id, in its order. (sqlfluff parses MySQL, which lacks
-- RETURNING.)
INSERT INTO audit_logs (
    user_id,
    org_id,
    app_id,
    action,
    resource_type,
    resource_id,
    before_state,
    after_state,
    details,
    ip_address,
    user_agent,
    request_id,
    status
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    :action,
    :resource_type,
    :resource_id,
    :before_state,
    :after_state,
    :details,
    :ip_address,
    :user_agent,
    :request_id,
    COALESCE(:status, DEFAULT(status))
)
RETURNING  -- noqa: PRS
    id,
    user_id,
    org_id,
    app_id,
    action,
    resource_type,
    resource_id,
    before_state,
    after_state,
    details,
    ip_address,
    user_agent,
    request_id,
    status,
    created_at,
    updated_at;
