-- =============================================================================
-- providers_regions.sql: provider regions (table providers_regions), schema V1
-- =============================================================================
-- Which regions each provider serves, and the state of that binding.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_provider_region_by_id(id)^
-- Returns the provider region with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    region_id,
    status,
    created_at,
    updated_at
FROM providers_regions
WHERE id = :id;


-- name: list_providers_regions(provider_id, region_id, status, limit, offset)
-- Returns one page of provider regions, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :provider_id, :region_id, :status.
SELECT
    id,
    provider_id,
    region_id,
    status,
    created_at,
    updated_at
FROM providers_regions
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_providers_regions(provider_id, region_id, status)$
-- Returns how many provider regions list_providers_regions pages through with the same filters.
SELECT COUNT(*)
FROM providers_regions
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status);


-- name: create_provider_region(provider_id, region_id, status)<!
-- Inserts one provider region; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO providers_regions (
    provider_id,
    region_id,
    status
)
VALUES (
    :provider_id,
    :region_id,
    COALESCE(:status, DEFAULT(status))
);


-- name: update_provider_region(id, expected_updated_at)!
-- Changes the given columns of provider region :id and moves updated_at; returns the
-- rows matched (0: no such provider region). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/providers_regions.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE providers_regions
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_provider_region(id)!
-- Deletes provider region :id; returns 1, or 0 if there is no such provider region.
DELETE FROM providers_regions
WHERE id = :id;
