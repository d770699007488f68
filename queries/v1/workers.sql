-- =============================================================================
-- workers.sql: workers (table workers), schema V1
-- =============================================================================
-- The machines instances run on. Capacities in MB (memory, disk) and cores
-- (cpu). Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_worker_by_id(id)^
-- Returns the worker with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    region_id,
    name,
    provider_resource_id,
    instance_type,
    status,
    cpu_total,
    cpu_available,
    cpu_reserved,
    memory_total,
    memory_available,
    memory_reserved,
    disk_total,
    disk_available,
    disk_reserved,
    network_in_capacity,
    network_out_capacity,
    ssh_address,
    ssh_port,
    ssh_user,
    ssh_key,
    docker_version,
    labels,
    taints,
    annotations,
    last_heartbeat,
    created_at,
    updated_at,
    deleted_at
FROM workers
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_workers(region_id, status, limit, offset)
-- Returns one page of workers, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :region_id, :status.
SELECT
    id,
    region_id,
    name,
    provider_resource_id,
    instance_type,
    status,
    cpu_total,
    cpu_available,
    cpu_reserved,
    memory_total,
    memory_available,
    memory_reserved,
    disk_total,
    disk_available,
    disk_reserved,
    network_in_capacity,
    network_out_capacity,
    ssh_address,
    ssh_port,
    ssh_user,
    ssh_key,
    docker_version,
    labels,
    taints,
    annotations,
    last_heartbeat,
    created_at,
    updated_at,
    deleted_at
FROM workers
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_workers(region_id, status)$
-- Returns how many workers list_workers pages through with the same filters.
SELECT COUNT(*)
FROM workers
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status);


-- name: create_worker(region_id, name, instance_type, status, cpu_total, cpu_available, memory_total, memory_available, disk_total, disk_available, ssh_address, ssh_port, ssh_user, docker_version, labels, last_heartbeat)<!
-- Inserts one worker; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO workers (
    region_id,
    name,
    instance_type,
    status,
    cpu_total,
    cpu_available,
    memory_total,
    memory_available,
    disk_total,
    disk_available,
    ssh_address,
    ssh_port,
    ssh_user,
    docker_version,
    labels,
    last_heartbeat
)
VALUES (
    :region_id,
    :name,
    :instance_type,
    COALESCE(:status, DEFAULT(status)),
    :cpu_total,
    :cpu_available,
    :memory_total,
    :memory_available,
    :disk_total,
    :disk_available,
    :ssh_address,
    COALESCE(:ssh_port, DEFAULT(ssh_port)),
    :ssh_user,
    :docker_version,
    :labels,
    :last_heartbeat
);


-- name: update_worker(id, expected_updated_at)!
-- Changes the given columns of worker :id and moves updated_at; returns the
-- rows matched (0: no such worker). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/workers.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE workers
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_worker(id)!
-- Soft-deletes worker :id (sets deleted_at); returns 1, or 0 if there is no
-- such worker or it is already deleted.
UPDATE workers
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: record_worker_heartbeat(id, cpu_available, memory_available, disk_available)!
-- Records a heartbeat of worker :id: stamps last_heartbeat and, when given,
-- its free capacity. Returns the rows matched.
UPDATE workers
SET
    cpu_available = COALESCE(:cpu_available, cpu_available),
    memory_available = COALESCE(:memory_available, memory_available),
    disk_available = COALESCE(:disk_available, disk_available),
    last_heartbeat = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
