-- =============================================================================
-- instance_logs.sql: instance logs (table instance_logs), schema V1
-- =============================================================================
-- Log lines of running instances. Append-only.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_instance_log_by_id(id)^
-- Returns the instance log with id :id, or nothing if there is none.
SELECT
    id,
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at,
    created_at,
    updated_at
FROM instance_logs
WHERE id = :id;


-- name: list_instance_logs(instance_id, app_id, log_level, since, until, limit, offset)
-- Returns one page of instance logs, newest first (logged_at; ties broken by id).
-- Filters left NULL match every row: :instance_id, :app_id, :log_level, :since, :until.
-- :since and :until bound logged_at (since inclusive, until exclusive).
SELECT
    id,
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at,
    created_at,
    updated_at
FROM instance_logs
WHERE (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:log_level IS NULL OR log_level = :log_level)
    AND (:since IS NULL OR logged_at >= :since)
    AND (:until IS NULL OR logged_at < :until)
ORDER BY logged_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_instance_logs(instance_id, app_id, log_level, since, until)$
-- Returns how many instance logs list_instance_logs pages through with the same filters.
SELECT COUNT(*)
FROM instance_logs
WHERE (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:log_level IS NULL OR log_level = :log_level)
    AND (:since IS NULL OR logged_at >= :since)
    AND (:until IS NULL OR logged_at < :until);


-- name: create_instance_log(instance_id, app_id, log_type, log_level, message, source, metadata, logged_at)<!
-- Inserts one instance log; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO instance_logs (
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at
)
VALUES (
    :instance_id,
    :app_id,
    COALESCE(:log_type, DEFAULT(log_type)),
    COALESCE(:log_level, DEFAULT(log_level)),
    :message,
    :source,
    :metadata,
    COALESCE(:logged_at, DEFAULT(logged_at))
);


-- name: delete_instance_log(id)!
-- Deletes instance log :id; returns 1, or 0 if there is no such instance log.
DELETE FROM instance_logs
WHERE id = :id;


-- name: list_instance_logs_after(after_time, after_id, instance_id, app_id, limit)
-- Keyset pagination: returns up to :limit instance log lines older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest logged_at first, ties broken by id. A deep page costs what the
-- first one does: the (logged_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at,
    created_at,
    updated_at
FROM instance_logs
WHERE (
        :after_id IS NULL
        OR logged_at < :after_time
        OR (logged_at = :after_time AND id < :after_id)
    )
    AND (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:app_id IS NULL OR app_id = :app_id)
ORDER BY logged_at DESC, id DESC
LIMIT :limit;


-- name: create_instance_logs_bulk(instance_id, app_id, log_type, log_level, message, source, metadata, logged_at)*!
-- Inserts many instance log lines at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
-- Every column is given: log shippers know the type, level and time of each line.
INSERT INTO instance_logs (
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at
)
VALUES (
    :instance_id,
    :app_id,
    :log_type,
    :log_level,
    :message,
    :source,
    :metadata,
    :logged_at
);


-- name: load_instance_logs_bulk(path)!
-- Loads many instance log lines from the file at :path, which
-- load_instance_logs writes (omnidb/loading.py); returns the rows loaded. One
-- row per line, fields tab-separated in the order of
-- create_instance_logs_bulk's columns, \N for NULL, backslash escapes. Appends
-- only: rows are never updated.
LOAD DATA LOCAL INFILE :path
INTO TABLE instance_logs
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    instance_id,
    app_id,
    log_type,
    log_level,
    message,
    source,
    metadata,
    logged_at
);
