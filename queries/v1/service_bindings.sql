-- =============================================================================
-- service_bindings.sql: service bindings (table service_bindings), schema V1
-- =============================================================================
-- Apps bound to data services, with the binding's credentials (kept out of
-- repr).
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_service_binding_by_id(id)^
-- Returns the service binding with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    service_id,
    credentials,
    credentials_encryption_key_id,
    binding_name,
    mount_path,
    environment_injection,
    status,
    last_operation,
    error_message,
    created_at,
    updated_at
FROM service_bindings
WHERE id = :id;


-- name: list_service_bindings(app_id, service_id, status, limit, offset)
-- Returns one page of service bindings, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :service_id, :status.
SELECT
    id,
    app_id,
    service_id,
    credentials,
    credentials_encryption_key_id,
    binding_name,
    mount_path,
    environment_injection,
    status,
    last_operation,
    error_message,
    created_at,
    updated_at
FROM service_bindings
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:service_id IS NULL OR service_id = :service_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_service_bindings(app_id, service_id, status)$
-- Returns how many service bindings list_service_bindings pages through with the same filters.
SELECT COUNT(*)
FROM service_bindings
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:service_id IS NULL OR service_id = :service_id)
    AND (:status IS NULL OR status = :status);


-- name: create_service_binding(app_id, service_id, credentials, credentials_encryption_key_id, binding_name, mount_path, environment_injection, status, last_operation, error_message)<!
-- Inserts one service binding; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO service_bindings (
    app_id,
    service_id,
    credentials,
    credentials_encryption_key_id,
    binding_name,
    mount_path,
    environment_injection,
    status,
    last_operation,
    error_message
)
VALUES (
    :app_id,
    :service_id,
    :credentials,
    :credentials_encryption_key_id,
    :binding_name,
    :mount_path,
    COALESCE(:environment_injection, DEFAULT(environment_injection)),
    COALESCE(:status, DEFAULT(status)),
    :last_operation,
    :error_message
);


-- name: update_service_binding(id, expected_updated_at)!
-- Changes the given columns of service binding :id and moves updated_at; returns the
-- rows matched (0: no such service binding). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/service_bindings.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE service_bindings
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_service_binding(id)!
-- Deletes service binding :id; returns 1, or 0 if there is no such service binding.
DELETE FROM service_bindings
WHERE id = :id;
