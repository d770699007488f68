-- =============================================================================
-- provider_costs.sql: provider costs (table provider_costs), schema V1
-- =============================================================================
-- A provider's unit prices over time, per region and cost type.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_provider_cost_by_id(id)^
-- Returns the provider cost with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    region_id,
    cost_type,
    cost_subtype,
    unit,
    unit_price,
    currency,
    effective_date,
    expiration_date,
    created_at,
    updated_at
FROM provider_costs
WHERE id = :id;


-- name: list_provider_costs(provider_id, region_id, cost_type, limit, offset)
-- Returns one page of provider costs, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :provider_id, :region_id, :cost_type.
SELECT
    id,
    provider_id,
    region_id,
    cost_type,
    cost_subtype,
    unit,
    unit_price,
    currency,
    effective_date,
    expiration_date,
    created_at,
    updated_at
FROM provider_costs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_provider_costs(provider_id, region_id, cost_type)$
-- Returns how many provider costs list_provider_costs pages through with the same filters.
SELECT COUNT(*)
FROM provider_costs
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type);


-- name: create_provider_cost(provider_id, region_id, cost_type, cost_subtype, unit, unit_price, currency, effective_date, expiration_date)<!
-- Inserts one provider cost; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO provider_costs (
    provider_id,
    region_id,
    cost_type,
    cost_subtype,
    unit,
    unit_price,
    currency,
    effective_date,
    expiration_date
)
VALUES (
    :provider_id,
    :region_id,
    :cost_type,
    :cost_subtype,
    :unit,
    :unit_price,
    COALESCE(:currency, DEFAULT(currency)),
    :effective_date,
    :expiration_date
);


-- name: update_provider_cost(id, expected_updated_at)!
-- Changes the given columns of provider cost :id and moves updated_at; returns the
-- rows matched (0: no such provider cost). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/provider_costs.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE provider_costs
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_provider_cost(id)!
-- Deletes provider cost :id; returns 1, or 0 if there is no such provider cost.
DELETE FROM provider_costs
WHERE id = :id;
