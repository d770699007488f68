-- =============================================================================
-- instances.sql: instances (table instances), schema V1
-- =============================================================================
-- Running copies of an app, each on one worker. The reference calls the
-- worker `node_id`; here it is worker_id.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_instance_by_id(id)^
-- Returns the instance with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata,
    created_at,
    updated_at
FROM instances
WHERE id = :id;


-- name: list_instances(app_id, worker_id, status, limit, offset)
-- Returns one page of instances, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :worker_id, :status.
SELECT
    id,
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata,
    created_at,
    updated_at
FROM instances
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_instances(app_id, worker_id, status)$
-- Returns how many instances list_instances pages through with the same filters.
SELECT COUNT(*)
FROM instances
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status);


-- name: create_instance(app_id, worker_id, region_id, allocation_id, guid, instance_index, instance_type, status, health_status, container_id, container_ip, cpu_usage, memory_usage, disk_usage, uptime, restart_count, last_restart_reason, last_health_check, started_at, stopped_at, exit_code, exit_reason, scheduler_metadata)<!
-- Inserts one instance; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO instances (
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata
)
VALUES (
    :app_id,
    :worker_id,
    :region_id,
    :allocation_id,
    :guid,
    :instance_index,
    :instance_type,
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:health_status, DEFAULT(health_status)),
    :container_id,
    :container_ip,
    :cpu_usage,
    :memory_usage,
    :disk_usage,
    COALESCE(:uptime, DEFAULT(uptime)),
    COALESCE(:restart_count, DEFAULT(restart_count)),
    :last_restart_reason,
    :last_health_check,
    :started_at,
    :stopped_at,
    :exit_code,
    :exit_reason,
    :scheduler_metadata
);


-- name: create_instance_returning(app_id, worker_id, region_id, allocation_id, guid, instance_index, instance_type, status, health_status, container_id, container_ip, cpu_usage, memory_usage, disk_usage, uptime, restart_count, last_restart_reason, last_health_check, started_at, stopped_at, exit_code, exit_reason, scheduler_metadata)^
-- Inserts one instance and returns it as stored, in one statement: MariaDB
-- 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_instance plus a read-back; on MySQL it runs create_instance. The same
-- columns and defaults as create_instance; RETURNING lists the columns of
-- get_instance_by_id, in its order. (sqlfluff parses MySQL, which lacks
-- RETURNING.)
INSERT INTO instances (
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata
)
VALUES (
    :app_id,
    :worker_id,
    :region_id,
    :allocation_id,
    :guid,
    :instance_index,
    :instance_type,
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:health_status, DEFAULT(health_status)),
    :container_id,
    :container_ip,
    :cpu_usage,
    :memory_usage,
    :disk_usage,
    COALESCE(:uptime, DEFAULT(uptime)),
    COALESCE(:restart_count, DEFAULT(restart_count)),
    :last_restart_reason,
    :last_health_check,
    :started_at,
    :stopped_at,
    :exit_code,
    :exit_reason,
    :scheduler_metadata
)
RETURNING  -- noqa: PRS
    id,
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata,
    created_at,
    updated_at;


-- name: update_instance(id, expected_updated_at)!
-- Changes the given columns of instance :id and moves updated_at; returns the
-- rows matched (0: no such instance). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE instances
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_instance(id)!
-- Deletes instance :id; returns 1, or 0 if there is no such instance.
DELETE FROM instances
WHERE id = :id;


-- name: set_instance_status(id, status)!
-- Sets the status of instance :id. Entering running stamps started_at;
-- entering stopped, crashed or terminated stamps stopped_at. Returns the rows
-- matched (0: no such instance).
UPDATE instances
SET
    started_at = IF(:status = 'running' AND status <> 'running', CURRENT_TIMESTAMP(6), started_at),
    stopped_at = IF(
        :status IN ('stopped', 'crashed', 'terminated')
        AND status NOT IN ('stopped', 'crashed', 'terminated'),
        CURRENT_TIMESTAMP(6),
        stopped_at
    ),
    status = :status,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;


-- name: record_instance_health(id, health_status, cpu_usage, memory_usage)!
-- Records a health check of instance :id: its health and, when given, its
-- cpu and memory usage. Returns the rows matched.
UPDATE instances
SET
    health_status = :health_status,
    cpu_usage = COALESCE(:cpu_usage, cpu_usage),
    memory_usage = COALESCE(:memory_usage, memory_usage),
    last_health_check = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;


-- name: list_instances_after(after_id, app_id, status, limit)
-- Keyset pagination: returns up to :limit instances whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata,
    created_at,
    updated_at
FROM instances
WHERE (:after_id IS NULL OR id < :after_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: create_instances_bulk(app_id, worker_id, region_id, guid, instance_index, instance_type, status, container_id, container_ip, started_at)*!
-- Inserts many instances at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
-- Columns left out take their defaults (health_status 'unknown', restart_count 0).
INSERT INTO instances (
    app_id,
    worker_id,
    region_id,
    guid,
    instance_index,
    instance_type,
    status,
    container_id,
    container_ip,
    started_at
)
VALUES (
    :app_id,
    :worker_id,
    :region_id,
    :guid,
    :instance_index,
    :instance_type,
    :status,
    :container_id,
    :container_ip,
    :started_at
);


-- name: load_instances_bulk(path)!
-- Loads many instances from the file at :path, which load_instances writes
-- (omnidb/loading.py); returns the rows loaded. One row per line, fields
-- tab-separated in the order of create_instances_bulk's columns, \N for NULL,
-- backslash escapes. Columns left out take their defaults, as in
-- create_instances_bulk.
LOAD DATA LOCAL INFILE :path
INTO TABLE instances
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    app_id,
    worker_id,
    region_id,
    guid,
    instance_index,
    instance_type,
    status,
    container_id,
    container_ip,
    started_at
);


-- name: list_instances_of_app(app_id)
-- Returns every instance of app :app_id, by instance_index (the unique key
-- uq_instances_app_id_instance_index serves the order).
SELECT
    id,
    app_id,
    worker_id,
    region_id,
    allocation_id,
    guid,
    instance_index,
    instance_type,
    status,
    health_status,
    container_id,
    container_ip,
    cpu_usage,
    memory_usage,
    disk_usage,
    uptime,
    restart_count,
    last_restart_reason,
    last_health_check,
    started_at,
    stopped_at,
    exit_code,
    exit_reason,
    scheduler_metadata,
    created_at,
    updated_at
FROM instances
WHERE app_id = :app_id
ORDER BY instance_index;


-- name: count_instances_of_apps_page(org_id, limit, offset)
-- Returns (app_id, instance_count) for the apps of one list_apps page with the
-- same org filter and window (newest first, soft-deleted apps left out); an app
-- with no instances counts 0.
SELECT
    page.id AS app_id,
    COUNT(i.id) AS instance_count
FROM (
    SELECT a.id
    FROM apps AS a
    WHERE a.deleted_at IS NULL
        AND (:org_id IS NULL OR a.org_id = :org_id)
    ORDER BY a.id DESC
    LIMIT :limit OFFSET :offset
) AS page
LEFT JOIN instances AS i ON i.app_id = page.id
GROUP BY page.id;
