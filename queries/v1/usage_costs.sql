-- =============================================================================
-- usage_costs.sql: usage costs (table usage_costs), schema V1
-- =============================================================================
-- What the platform used of a provider, and what it cost, over a time span.
-- Recorded, not edited: no update query.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_usage_cost_by_id(id)^
-- Returns the usage cost with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end,
    created_at,
    updated_at
FROM usage_costs
WHERE id = :id;


-- name: list_usage_costs(provider_id, region_id, app_id, cost_type, since, until, limit, offset)
-- Returns one page of usage costs, newest first (usage_start; ties broken by id).
-- Filters left NULL match every row: :provider_id, :region_id, :app_id, :cost_type, :since, :until.
-- :since and :until bound usage_start (since inclusive, until exclusive).
SELECT
    id,
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end,
    created_at,
    updated_at
FROM usage_costs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type)
    AND (:since IS NULL OR usage_start >= :since)
    AND (:until IS NULL OR usage_start < :until)
ORDER BY usage_start DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_usage_costs(provider_id, region_id, app_id, cost_type, since, until)$
-- Returns how many usage costs list_usage_costs pages through with the same filters.
SELECT COUNT(*)
FROM usage_costs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type)
    AND (:since IS NULL OR usage_start >= :since)
    AND (:until IS NULL OR usage_start < :until);


-- name: create_usage_cost(provider_id, region_id, app_id, cost_type, cost_subtype, usage_quantity, unit, total_cost, currency, usage_start, usage_end)<!
-- Inserts one usage cost; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO usage_costs (
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end
)
VALUES (
    :provider_id,
    :region_id,
    :app_id,
    :cost_type,
    :cost_subtype,
    :usage_quantity,
    :unit,
    :total_cost,
    COALESCE(:currency, DEFAULT(currency)),
    :usage_start,
    :usage_end
);


-- name: delete_usage_cost(id)!
-- Deletes usage cost :id; returns 1, or 0 if there is no such usage cost.
DELETE FROM usage_costs
WHERE id = :id;


-- name: list_usage_costs_after(after_time, after_id, provider_id, app_id, limit)
-- Keyset pagination: returns up to :limit usage costs older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest usage_start first, ties broken by id. A deep page costs what the
-- first one does: the (usage_start) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end,
    created_at,
    updated_at
FROM usage_costs
WHERE (
        :after_id IS NULL
        OR usage_start < :after_time
        OR (usage_start = :after_time AND id < :after_id)
    )
    AND (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:app_id IS NULL OR app_id = :app_id)
ORDER BY usage_start DESC, id DESC
LIMIT :limit;


-- name: create_usage_costs_bulk(provider_id, region_id, app_id, cost_type, cost_subtype, usage_quantity, unit, total_cost, currency, usage_start, usage_end)*!
-- Inserts many usage costs at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
INSERT INTO usage_costs (
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end
)
VALUES (
    :provider_id,
    :region_id,
    :app_id,
    :cost_type,
    :cost_subtype,
    :usage_quantity,
    :unit,
    :total_cost,
    :currency,
    :usage_start,
    :usage_end
);


-- name: load_usage_costs_bulk(path)!
-- Loads many usage cost records from the file at :path, which load_usage_costs
-- writes (omnidb/loading.py); returns the rows loaded. One row per line,
-- fields tab-separated in the order of create_usage_costs_bulk's columns, \N
-- for NULL, backslash escapes. Columns left out take their defaults, as in
-- create_usage_costs_bulk.
LOAD DATA LOCAL INFILE :path
INTO TABLE usage_costs
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    provider_id,
    region_id,
    app_id,
    cost_type,
    cost_subtype,
    usage_quantity,
    unit,
    total_cost,
    currency,
    usage_start,
    usage_end
);
