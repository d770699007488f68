-- =============================================================================
-- network_policies.sql: network policies (table network_policies), schema V1
-- =============================================================================
-- Which app may reach which, on what protocol and ports. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_network_policy_by_id(id)^
-- Returns the network policy with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    source_app_id,
    destination_app_id,
    protocol,
    port_range_start,
    port_range_end,
    description,
    enabled,
    priority,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM network_policies
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_network_policies(source_app_id, destination_app_id, enabled, limit, offset)
-- Returns one page of network policies, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :source_app_id, :destination_app_id, :enabled.
SELECT
    id,
    source_app_id,
    destination_app_id,
    protocol,
    port_range_start,
    port_range_end,
    description,
    enabled,
    priority,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM network_policies
WHERE deleted_at IS NULL
    AND (:source_app_id IS NULL OR source_app_id = :source_app_id)
    AND (:destination_app_id IS NULL OR destination_app_id = :destination_app_id)
    AND (:enabled IS NULL OR enabled = :enabled)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_network_policies(source_app_id, destination_app_id, enabled)$
-- Returns how many network policies list_network_policies pages through with the same filters.
SELECT COUNT(*)
FROM network_policies
WHERE deleted_at IS NULL
    AND (:source_app_id IS NULL OR source_app_id = :source_app_id)
    AND (:destination_app_id IS NULL OR destination_app_id = :destination_app_id)
    AND (:enabled IS NULL OR enabled = :enabled);


-- name: create_network_policy(source_app_id, destination_app_id, protocol, port_range_start, port_range_end, description, enabled, priority, created_by)<!
-- Inserts one network policy; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO network_policies (
    source_app_id,
    destination_app_id,
    protocol,
    port_range_start,
    port_range_end,
    description,
    enabled,
    priority,
    created_by
)
VALUES (
    :source_app_id,
    :destination_app_id,
    COALESCE(:protocol, DEFAULT(protocol)),
    :port_range_start,
    :port_range_end,
    :description,
    COALESCE(:enabled, DEFAULT(enabled)),
    COALESCE(:priority, DEFAULT(priority)),
    :created_by
);


-- name: update_network_policy(id, expected_updated_at)!
-- Changes the given columns of network policy :id and moves updated_at; returns the
-- rows matched (0: no such network policy). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/network_policies.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE network_policies
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_network_policy(id)!
-- Soft-deletes network policy :id (sets deleted_at); returns 1, or 0 if there is no
-- such network policy or it is already deleted.
UPDATE network_policies
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
