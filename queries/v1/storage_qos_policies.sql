-- =============================================================================
-- storage_qos_policies.sql: storage QoS policies (table storage_qos_policies), schema V1
-- =============================================================================
-- IOPS, throughput (MB/s) and latency limits volumes can be given. The name
-- is unique. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_storage_qos_policy_by_id(id)^
-- Returns the storage qos policy with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    name,
    max_iops,
    max_throughput_mbps,
    burst_iops,
    burst_duration_seconds,
    latency_target_ms,
    created_at,
    updated_at,
    deleted_at
FROM storage_qos_policies
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_storage_qos_policies(limit, offset)
-- Returns one page of storage QoS policies, newest first (by id: ids grow with created_at, and are unique).
SELECT
    id,
    name,
    max_iops,
    max_throughput_mbps,
    burst_iops,
    burst_duration_seconds,
    latency_target_ms,
    created_at,
    updated_at,
    deleted_at
FROM storage_qos_policies
WHERE deleted_at IS NULL
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_storage_qos_policies()$
-- Returns how many storage QoS policies list_storage_qos_policies pages through with the same filters.
SELECT COUNT(*)
FROM storage_qos_policies
WHERE deleted_at IS NULL;


-- name: create_storage_qos_policy(name, max_iops, max_throughput_mbps, burst_iops, burst_duration_seconds, latency_target_ms)<!
-- Inserts one storage qos policy; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO storage_qos_policies (
    name,
    max_iops,
    max_throughput_mbps,
    burst_iops,
    burst_duration_seconds,
    latency_target_ms
)
VALUES (
    :name,
    :max_iops,
    :max_throughput_mbps,
    :burst_iops,
    :burst_duration_seconds,
    :latency_target_ms
);


-- name: update_storage_qos_policy(id, expected_updated_at)!
-- Changes the given columns of storage qos policy :id and moves updated_at; returns the
-- rows matched (0: no such storage qos policy). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/storage_qos_policies.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE storage_qos_policies
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_storage_qos_policy(id)!
-- Soft-deletes storage qos policy :id (sets deleted_at); returns 1, or 0 if there is no
-- such storage qos policy or it is already deleted.
UPDATE storage_qos_policies
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
