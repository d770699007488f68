-- =============================================================================
-- provider_audit_logs.sql: provider audit logs (table provider_audit_logs), schema V1
-- =============================================================================
-- What was done to each provider. Append-only: no update or delete query
-- exists.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_provider_audit_log_by_id(id)^
-- Returns the provider audit log with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    action,
    details,
    created_at,
    updated_at
FROM provider_audit_logs
WHERE id = :id;


-- name: list_provider_audit_logs(provider_id, action, limit, offset)
-- Returns one page of provider audit logs, newest created_at first, ties broken by id.
-- Filters left NULL match every row: :provider_id, :action.
SELECT
    id,
    provider_id,
    action,
    details,
    created_at,
    updated_at
FROM provider_audit_logs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:action IS NULL OR action = :action)
ORDER BY created_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_provider_audit_logs(provider_id, action)$
-- Returns how many provider audit logs list_provider_audit_logs pages through with the same filters.
SELECT COUNT(*)
FROM provider_audit_logs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:action IS NULL OR action = :action);


-- name: create_provider_audit_log(provider_id, action, details)<!
-- Inserts one provider audit log; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO provider_audit_logs (
    provider_id,
    action,
    details
)
VALUES (
    :provider_id,
    :action,
    :details
);


-- name: list_provider_audit_logs_after(after_time, after_id, provider_id, limit)
-- Keyset pagination: returns up to :limit provider audit logs older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest created_at first, ties broken by id. A deep page costs what the
-- first one does: the (created_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    provider_id,
    action,
    details,
    created_at,
    updated_at
FROM provider_audit_logs
WHERE (
        :after_id IS NULL
        OR created_at < :after_time
        OR (created_at = :after_time AND id < :after_id)
    )
    AND (:provider_id IS NULL OR provider_id = :provider_id)
ORDER BY created_at DESC, id DESC
LIMIT :limit;
