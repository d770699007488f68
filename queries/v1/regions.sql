-- =============================================================================
-- regions.sql: regions (table regions), schema V1
-- =============================================================================
-- A provider's locations. The reference names the foreign key `provider`;
-- here it is provider_id.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_region_by_id(id)^
-- Returns the region with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    name,
    display_name,
    location,
    latitude,
    longitude,
    is_public,
    region_class,
    status,
    created_at,
    updated_at
FROM regions
WHERE id = :id;


-- name: list_regions(provider_id, status, limit, offset)
-- Returns one page of regions, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :provider_id, :status.
SELECT
    id,
    provider_id,
    name,
    display_name,
    location,
    latitude,
    longitude,
    is_public,
    region_class,
    status,
    created_at,
    updated_at
FROM regions
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_regions(provider_id, status)$
-- Returns how many regions list_regions pages through with the same filters.
SELECT COUNT(*)
FROM regions
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:status IS NULL OR status = :status);


-- name: create_region(provider_id, name, display_name, location, is_public, region_class, status)<!
-- Inserts one region; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO regions (
    provider_id,
    name,
    display_name,
    location,
    is_public,
    region_class,
    status
)
VALUES (
    :provider_id,
    :name,
    :display_name,
    :location,
    COALESCE(:is_public, DEFAULT(is_public)),
    COALESCE(:region_class, DEFAULT(region_class)),
    COALESCE(:status, DEFAULT(status))
);


-- name: update_region(id, expected_updated_at)!
-- Changes the given columns of region :id and moves updated_at; returns the
-- rows matched (0: no such region). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/regions.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE regions
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_region(id)!
-- Deletes region :id; returns 1, or 0 if there is no such region.
DELETE FROM regions
WHERE id = :id;
