-- =============================================================================
-- resource_pricing.sql: resource prices (table resource_pricing), schema V1
-- =============================================================================
-- Price of a resource type at a provider (and region) over time, by tier
-- and pricing model ('on-demand', 'reserved', 'spot').
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_resource_price_by_id(id)^
-- Returns the resource price with id :id, or nothing if there is none.
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    tier_name,
    unit_price,
    currency,
    effective_from,
    effective_to,
    pricing_model,
    commitment_period,
    volume_discount_tiers,
    created_at,
    updated_at
FROM resource_pricing
WHERE id = :id;


-- name: list_resource_pricing(resource_type_id, provider_id, region_id, pricing_model, limit, offset)
-- Returns one page of resource prices, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :resource_type_id, :provider_id, :region_id, :pricing_model.
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    tier_name,
    unit_price,
    currency,
    effective_from,
    effective_to,
    pricing_model,
    commitment_period,
    volume_discount_tiers,
    created_at,
    updated_at
FROM resource_pricing
WHERE (:resource_type_id IS NULL OR resource_type_id = :resource_type_id)
    AND (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:pricing_model IS NULL OR pricing_model = :pricing_model)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_resource_pricing(resource_type_id, provider_id, region_id, pricing_model)$
-- Returns how many resource prices list_resource_pricing pages through with the same filters.
SELECT COUNT(*)
FROM resource_pricing
WHERE (:resource_type_id IS NULL OR resource_type_id = :resource_type_id)
    AND (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:pricing_model IS NULL OR pricing_model = :pricing_model);


-- name: create_resource_price(resource_type_id, provider_id, region_id, tier_name, unit_price, currency, effective_from, effective_to, pricing_model, commitment_period, volume_discount_tiers)<!
-- Inserts one resource price; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO resource_pricing (
    resource_type_id,
    provider_id,
    region_id,
    tier_name,
    unit_price,
    currency,
    effective_from,
    effective_to,
    pricing_model,
    commitment_period,
    volume_discount_tiers
)
VALUES (
    :resource_type_id,
    :provider_id,
    :region_id,
    :tier_name,
    :unit_price,
    COALESCE(:currency, DEFAULT(currency)),
    :effective_from,
    :effective_to,
    :pricing_model,
    :commitment_period,
    :volume_discount_tiers
);


-- name: update_resource_price(id, expected_updated_at)!
-- Changes the given columns of resource price :id and moves updated_at; returns the
-- rows matched (0: no such resource price). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/resource_pricing.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE resource_pricing
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_resource_price(id)!
-- Deletes resource price :id; returns 1, or 0 if there is no such resource price.
DELETE FROM resource_pricing
WHERE id = :id;


-- name: get_resource_price(resource_type_id, provider_id, region_id, at)^
-- Returns the price of resource type :resource_type_id at provider
-- :provider_id in effect at :at (effective_from <= :at < effective_to, an
-- open end being NULL): region :region_id's own price when it has one, else
-- the provider-wide one (region_id NULL); the latest effective_from wins.
-- Nothing when no price is in effect.
SELECT
    id,
    resource_type_id,
    provider_id,
    region_id,
    tier_name,
    unit_price,
    currency,
    effective_from,
    effective_to,
    pricing_model,
    commitment_period,
    volume_discount_tiers,
    created_at,
    updated_at
FROM resource_pricing
WHERE resource_type_id = :resource_type_id
    AND provider_id = :provider_id
    AND (region_id = :region_id OR region_id IS NULL)
    AND effective_from <= :at
    AND (effective_to IS NULL OR effective_to > :at)
ORDER BY region_id IS NULL, effective_from DESC, id DESC
LIMIT 1;
