-- =============================================================================
-- cost_metrics.sql: cost metrics (table cost_metrics), schema V1
-- =============================================================================
-- Metered usage of one resource type, with its cost, over a time span;
-- billing_period is 'YYYY-MM'. Recorded, not edited: no update query.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_cost_metric_by_id(id)^
-- Returns the cost metric with id :id, or nothing if there is none.
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period,
    created_at,
    updated_at
FROM cost_metrics
WHERE id = :id;


-- name: list_cost_metrics(resource_type_id, org_id, app_id, provider_id, region_id, since, until, limit, offset)
-- Returns one page of cost metrics, newest first (start_time; ties broken by id).
-- Filters left NULL match every row: :resource_type_id, :org_id, :app_id, :provider_id, :region_id, :since, :until.
-- :since and :until bound start_time (since inclusive, until exclusive).
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period,
    created_at,
    updated_at
FROM cost_metrics
WHERE (:resource_type_id IS NULL OR resource_type_id = :resource_type_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:since IS NULL OR start_time >= :since)
    AND (:until IS NULL OR start_time < :until)
ORDER BY start_time DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_cost_metrics(resource_type_id, org_id, app_id, provider_id, region_id, since, until)$
-- Returns how many cost metrics list_cost_metrics pages through with the same filters.
SELECT COUNT(*)
FROM cost_metrics
WHERE (:resource_type_id IS NULL OR resource_type_id = :resource_type_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:since IS NULL OR start_time >= :since)
    AND (:until IS NULL OR start_time < :until);


-- name: create_cost_metric(resource_type_id, provider_id, region_id, app_id, worker_id, org_id, start_time, end_time, usage_quantity, unit_cost, currency, total_cost, discount_percentage, discount_reason, billing_period)<!
-- Inserts one cost metric; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO cost_metrics (
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period
)
VALUES (
    :resource_type_id,
    :provider_id,
    :region_id,
    :app_id,
    :worker_id,
    :org_id,
    :start_time,
    :end_time,
    :usage_quantity,
    :unit_cost,
    COALESCE(:currency, DEFAULT(currency)),
    :total_cost,
    COALESCE(:discount_percentage, DEFAULT(discount_percentage)),
    :discount_reason,
    :billing_period
);


-- name: delete_cost_metric(id)!
-- Deletes cost metric :id; returns 1, or 0 if there is no such cost metric.
DELETE FROM cost_metrics
WHERE id = :id;


-- name: list_cost_metrics_after(after_time, after_id, org_id, limit)
-- Keyset pagination: returns up to :limit cost metrics older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest start_time first, ties broken by id. A deep page costs what the
-- first one does: the (start_time) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period,
    created_at,
    updated_at
FROM cost_metrics
WHERE (
        :after_id IS NULL
        OR start_time < :after_time
        OR (start_time = :after_time AND id < :after_id)
    )
    AND (:org_id IS NULL OR org_id = :org_id)
ORDER BY start_time DESC, id DESC
LIMIT :limit;


-- name: create_cost_metrics_bulk(resource_type_id, provider_id, region_id, app_id, worker_id, org_id, start_time, end_time, usage_quantity, unit_cost, currency, total_cost, discount_percentage, discount_reason, billing_period)*!
-- Inserts many cost metrics at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
INSERT INTO cost_metrics (
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period
)
VALUES (
    :resource_type_id,
    :provider_id,
    :region_id,
    :app_id,
    :worker_id,
    :org_id,
    :start_time,
    :end_time,
    :usage_quantity,
    :unit_cost,
    :currency,
    :total_cost,
    :discount_percentage,
    :discount_reason,
    :billing_period
);


-- name: load_cost_metrics_bulk(path)!
-- Loads many cost metrics from the file at :path, which load_cost_metrics
-- writes (omnidb/loading.py); returns the rows loaded. One row per line,
-- fields tab-separated in the order of create_cost_metrics_bulk's columns, \N
-- for NULL, backslash escapes. Columns left out take their defaults, as in
-- create_cost_metrics_bulk.
LOAD DATA LOCAL INFILE :path
INTO TABLE cost_metrics
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    resource_type_id,
    provider_id,
    region_id,
    app_id,
    worker_id,
    org_id,
    start_time,
    end_time,
    usage_quantity,
    unit_cost,
    currency,
    total_cost,
    discount_percentage,
    discount_reason,
    billing_period
);


-- name: cost_totals_by_org(since, until)
-- Returns per org and currency the total cost, the usage and the number of
-- cost metrics whose start_time is in [:since, :until) (NULL: unbounded),
-- the costliest first. Metrics of no org are one group (org_id NULL).
SELECT
    org_id,
    currency,
    SUM(total_cost) AS total_cost,
    SUM(usage_quantity) AS usage_quantity,
    COUNT(*) AS entries
FROM cost_metrics
WHERE (:since IS NULL OR start_time >= :since)
    AND (:until IS NULL OR start_time < :until)
GROUP BY org_id, currency
ORDER BY total_cost DESC, org_id ASC;


-- name: cost_totals_by_app(org_id, since, until)
-- Returns per app and currency the total cost, the usage and the number of
-- cost metrics of org :org_id (NULL: every org) whose start_time is in
-- [:since, :until), the costliest first. Metrics of no app are one group.
SELECT
    app_id,
    currency,
    SUM(total_cost) AS total_cost,
    SUM(usage_quantity) AS usage_quantity,
    COUNT(*) AS entries
FROM cost_metrics
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:since IS NULL OR start_time >= :since)
    AND (:until IS NULL OR start_time < :until)
GROUP BY app_id, currency
ORDER BY total_cost DESC, app_id ASC;


-- name: cost_totals_by_resource_type(org_id, app_id, since, until)
-- Returns per resource type and currency the total cost, the usage (in the
-- type's unit) and the number of cost metrics of org :org_id and app :app_id
-- (NULL: every one) whose start_time is in [:since, :until), the costliest
-- first.
SELECT
    cm.resource_type_id,
    rt.name AS resource_type_name,
    rt.unit_of_measurement,
    cm.currency,
    SUM(cm.total_cost) AS total_cost,
    SUM(cm.usage_quantity) AS usage_quantity,
    COUNT(*) AS entries
FROM cost_metrics AS cm
INNER JOIN resource_types AS rt
    ON cm.resource_type_id = rt.id
WHERE (:org_id IS NULL OR cm.org_id = :org_id)
    AND (:app_id IS NULL OR cm.app_id = :app_id)
    AND (:since IS NULL OR cm.start_time >= :since)
    AND (:until IS NULL OR cm.start_time < :until)
GROUP BY cm.resource_type_id, rt.name, rt.unit_of_measurement, cm.currency
ORDER BY total_cost DESC, cm.resource_type_id ASC;


-- name: cost_totals_by_month(org_id, app_id, since, until)
-- Returns per calendar month of start_time ('YYYY-MM', UTC) and currency the
-- total cost, the usage and the number of cost metrics of org :org_id and
-- app :app_id (NULL: every one) whose start_time is in [:since, :until),
-- oldest month first. %% is a literal percent sign (PyMySQL binding).
SELECT
    DATE_FORMAT(start_time, '%%Y-%%m') AS period,
    currency,
    SUM(total_cost) AS total_cost,
    SUM(usage_quantity) AS usage_quantity,
    COUNT(*) AS entries
FROM cost_metrics
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:since IS NULL OR start_time >= :since)
    AND (:until IS NULL OR start_time < :until)
GROUP BY DATE_FORMAT(start_time, '%%Y-%%m'), currency
ORDER BY period, currency;


-- name: sum_cost_for_budget(org_id, app_id, currency, since, until)$
-- Returns what org :org_id spent in :currency on cost metrics whose
-- start_time is in [:since, :until): of app :app_id only, when given; 0 when
-- nothing was spent. The (org_id, start_time) index serves it.
SELECT COALESCE(SUM(total_cost), 0)
FROM cost_metrics
WHERE org_id = :org_id
    AND (:app_id IS NULL OR app_id = :app_id)
    AND currency = :currency
    AND start_time >= :since
    AND start_time < :until;
