-- =============================================================================
-- metrics.sql: metrics (table metrics), schema V1
-- =============================================================================
-- Time series samples of apps and instances. Append-only.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_metric_by_id(id)^
-- Returns the metric with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at,
    created_at,
    updated_at
FROM metrics
WHERE id = :id;


-- name: list_metrics(app_id, instance_id, metric_name, since, until, limit, offset)
-- Returns one page of metrics, newest first (recorded_at; ties broken by id).
-- Filters left NULL match every row: :app_id, :instance_id, :metric_name, :since, :until.
-- :since and :until bound recorded_at (since inclusive, until exclusive).
SELECT
    id,
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at,
    created_at,
    updated_at
FROM metrics
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:metric_name IS NULL OR metric_name = :metric_name)
    AND (:since IS NULL OR recorded_at >= :since)
    AND (:until IS NULL OR recorded_at < :until)
ORDER BY recorded_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_metrics(app_id, instance_id, metric_name, since, until)$
-- Returns how many metrics list_metrics pages through with the same filters.
SELECT COUNT(*)
FROM metrics
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:metric_name IS NULL OR metric_name = :metric_name)
    AND (:since IS NULL OR recorded_at >= :since)
    AND (:until IS NULL OR recorded_at < :until);


-- name: create_metric(app_id, instance_id, metric_name, metric_value, labels, recorded_at)<!
-- Inserts one metric; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO metrics (
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at
)
VALUES (
    :app_id,
    :instance_id,
    :metric_name,
    :metric_value,
    :labels,
    COALESCE(:recorded_at, DEFAULT(recorded_at))
);


-- name: delete_metric(id)!
-- Deletes metric :id; returns 1, or 0 if there is no such metric.
DELETE FROM metrics
WHERE id = :id;


-- name: list_metrics_after(after_time, after_id, app_id, instance_id, metric_name, limit)
-- Keyset pagination: returns up to :limit metric samples older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest recorded_at first, ties broken by id. A deep page costs what the
-- first one does: the (recorded_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at,
    created_at,
    updated_at
FROM metrics
WHERE (
        :after_id IS NULL
        OR recorded_at < :after_time
        OR (recorded_at = :after_time AND id < :after_id)
    )
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:instance_id IS NULL OR instance_id = :instance_id)
    AND (:metric_name IS NULL OR metric_name = :metric_name)
ORDER BY recorded_at DESC, id DESC
LIMIT :limit;


-- name: create_metrics_bulk(app_id, instance_id, metric_name, metric_value, labels, recorded_at)*!
-- Inserts many metric samples at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
-- Every column is given: collectors know when each sample was taken.
INSERT INTO metrics (
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at
)
VALUES (
    :app_id,
    :instance_id,
    :metric_name,
    :metric_value,
    :labels,
    :recorded_at
);


-- name: load_metrics_bulk(path)!
-- Loads many metric samples from the file at :path, which load_metrics writes
-- (omnidb/loading.py); returns the rows loaded. One row per line, fields
-- tab-separated in the order of create_metrics_bulk's columns, \N for NULL,
-- backslash escapes. Appends only: rows are never updated.
LOAD DATA LOCAL INFILE :path
INTO TABLE metrics
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    app_id,
    instance_id,
    metric_name,
    metric_value,
    labels,
    recorded_at
);
