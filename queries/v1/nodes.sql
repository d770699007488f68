-- =============================================================================
-- nodes.sql: nodes (table nodes), schema V1
-- =============================================================================
-- The machines of a worker: masters, workers, edges, storage. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_node_by_id(id)^
-- Returns the node with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    worker_id,
    node_type,
    hostname,
    ip_address,
    cpu_cores,
    ram_gb,
    disk_gb,
    status,
    created_at,
    updated_at,
    deleted_at
FROM nodes
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_nodes(worker_id, node_type, status, limit, offset)
-- Returns one page of nodes, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :worker_id, :node_type, :status.
SELECT
    id,
    worker_id,
    node_type,
    hostname,
    ip_address,
    cpu_cores,
    ram_gb,
    disk_gb,
    status,
    created_at,
    updated_at,
    deleted_at
FROM nodes
WHERE deleted_at IS NULL
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:node_type IS NULL OR node_type = :node_type)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_nodes(worker_id, node_type, status)$
-- Returns how many nodes list_nodes pages through with the same filters.
SELECT COUNT(*)
FROM nodes
WHERE deleted_at IS NULL
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:node_type IS NULL OR node_type = :node_type)
    AND (:status IS NULL OR status = :status);


-- name: create_node(worker_id, node_type, hostname, ip_address, cpu_cores, ram_gb, disk_gb, status)<!
-- Inserts one node; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO nodes (
    worker_id,
    node_type,
    hostname,
    ip_address,
    cpu_cores,
    ram_gb,
    disk_gb,
    status
)
VALUES (
    :worker_id,
    :node_type,
    :hostname,
    :ip_address,
    :cpu_cores,
    :ram_gb,
    :disk_gb,
    COALESCE(:status, DEFAULT(status))
);


-- name: update_node(id, expected_updated_at)!
-- Changes the given columns of node :id and moves updated_at; returns the
-- rows matched (0: no such node). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/nodes.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE nodes
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_node(id)!
-- Soft-deletes node :id (sets deleted_at); returns 1, or 0 if there is no
-- such node or it is already deleted.
UPDATE nodes
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
