-- =============================================================================
-- host_creds.sql: host creds (table host_creds), schema V1
-- =============================================================================
-- How to reach each host: address, auth type and encrypted secrets (kept out
-- of repr). Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_host_cred_by_id(id)^
-- Returns the host cred with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    host_id,
    host_name,
    host_address,
    is_physical_node,
    provider_type,
    region_id,
    auth_type,
    username,
    password_encrypted,
    key_encrypted,
    key_id,
    secret_encrypted,
    port,
    ssh_key_path,
    connection_timeout,
    cpu_cores,
    memory_gb,
    storage_gb,
    tags,
    last_connected_at,
    created_at,
    updated_at,
    deleted_at
FROM host_creds
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_host_creds(region_id, provider_type, limit, offset)
-- Returns one page of host creds, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :region_id, :provider_type.
SELECT
    id,
    host_id,
    host_name,
    host_address,
    is_physical_node,
    provider_type,
    region_id,
    auth_type,
    username,
    password_encrypted,
    key_encrypted,
    key_id,
    secret_encrypted,
    port,
    ssh_key_path,
    connection_timeout,
    cpu_cores,
    memory_gb,
    storage_gb,
    tags,
    last_connected_at,
    created_at,
    updated_at,
    deleted_at
FROM host_creds
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:provider_type IS NULL OR provider_type = :provider_type)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_host_creds(region_id, provider_type)$
-- Returns how many host creds list_host_creds pages through with the same filters.
SELECT COUNT(*)
FROM host_creds
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:provider_type IS NULL OR provider_type = :provider_type);


-- name: create_host_cred(host_id, host_name, host_address, is_physical_node, provider_type, region_id, auth_type, username, password_encrypted, key_encrypted, key_id, secret_encrypted, port, ssh_key_path, connection_timeout, cpu_cores, memory_gb, storage_gb, tags, last_connected_at)<!
-- Inserts one host cred; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO host_creds (
    host_id,
    host_name,
    host_address,
    is_physical_node,
    provider_type,
    region_id,
    auth_type,
    username,
    password_encrypted,
    key_encrypted,
    key_id,
    secret_encrypted,
    port,
    ssh_key_path,
    connection_timeout,
    cpu_cores,
    memory_gb,
    storage_gb,
    tags,
    last_connected_at
)
VALUES (
    :host_id,
    :host_name,
    :host_address,
    :is_physical_node,
    :provider_type,
    :region_id,
    :auth_type,
    :username,
    :password_encrypted,
    :key_encrypted,
    :key_id,
    :secret_encrypted,
    :port,
    :ssh_key_path,
    COALESCE(:connection_timeout, DEFAULT(connection_timeout)),
    :cpu_cores,
    :memory_gb,
    :storage_gb,
    :tags,
    :last_connected_at
);


-- name: update_host_cred(id, expected_updated_at)!
-- Changes the given columns of host cred :id and moves updated_at; returns the
-- rows matched (0: no such host cred). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/host_creds.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE host_creds
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_host_cred(id)!
-- Soft-deletes host cred :id (sets deleted_at); returns 1, or 0 if there is no
-- such host cred or it is already deleted.
UPDATE host_creds
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
