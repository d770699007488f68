-- =============================================================================
-- cost_projections.sql: cost projections (table cost_projections), schema V1
-- =============================================================================
-- Forecast costs of an org (or one of its apps) over a period;
-- confidence_level 0.95 means 95%.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_cost_projection_by_id(id)^
-- Returns the cost projection with id :id, or nothing if there is none.
SELECT
    id,
    org_id,
    app_id,
    projection_period,
    start_date,
    end_date,
    projected_cost,
    currency,
    projection_model,
    confidence_level,
    metadata,
    created_at,
    updated_at
FROM cost_projections
WHERE id = :id;


-- name: list_cost_projections(org_id, app_id, projection_period, limit, offset)
-- Returns one page of cost projections, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :app_id, :projection_period.
SELECT
    id,
    org_id,
    app_id,
    projection_period,
    start_date,
    end_date,
    projected_cost,
    currency,
    projection_model,
    confidence_level,
    metadata,
    created_at,
    updated_at
FROM cost_projections
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:projection_period IS NULL OR projection_period = :projection_period)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_cost_projections(org_id, app_id, projection_period)$
-- Returns how many cost projections list_cost_projections pages through with the same filters.
SELECT COUNT(*)
FROM cost_projections
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:projection_period IS NULL OR projection_period = :projection_period);


-- name: create_cost_projection(org_id, app_id, projection_period, start_date, end_date, projected_cost, currency, projection_model, confidence_level, metadata)<!
-- Inserts one cost projection; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO cost_projections (
    org_id,
    app_id,
    projection_period,
    start_date,
    end_date,
    projected_cost,
    currency,
    projection_model,
    confidence_level,
    metadata
)
VALUES (
    :org_id,
    :app_id,
    :projection_period,
    :start_date,
    :end_date,
    :projected_cost,
    COALESCE(:currency, DEFAULT(currency)),
    :projection_model,
    :confidence_level,
    :metadata
);


-- name: update_cost_projection(id, expected_updated_at)!
-- Changes the given columns of cost projection :id and moves updated_at; returns the
-- rows matched (0: no such cost projection). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/cost_projections.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE cost_projections
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_cost_projection(id)!
-- Deletes cost projection :id; returns 1, or 0 if there is no such cost projection.
DELETE FROM cost_projections
WHERE id = :id;


-- name: get_cost_projection_for_date(org_id, app_id, on_date)^
-- Returns the newest projection of org :org_id (of app :app_id; NULL: of the
-- whole org) whose period (start_date to end_date, both inclusive) covers
-- :on_date, or nothing.
SELECT
    id,
    org_id,
    app_id,
    projection_period,
    start_date,
    end_date,
    projected_cost,
    currency,
    projection_model,
    confidence_level,
    metadata,
    created_at,
    updated_at
FROM cost_projections
WHERE org_id = :org_id
    AND app_id <=> :app_id
    AND start_date <= :on_date
    AND end_date >= :on_date
ORDER BY created_at DESC, id DESC
LIMIT 1;
