-- =============================================================================
-- resource_types.sql: resource types (table resource_types), schema V1
-- =============================================================================
-- What can be billed, and in which unit ('CPU-hour', 'GB-month',
-- 'request'). The name is unique.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_resource_type_by_id(id)^
-- Returns the resource type with id :id, or nothing if there is none.
SELECT
    id,
    name,
    category,
    unit_of_measurement,
    description,
    created_at,
    updated_at
FROM resource_types
WHERE id = :id;


-- name: list_resource_types(category, limit, offset)
-- Returns one page of resource types, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :category.
SELECT
    id,
    name,
    category,
    unit_of_measurement,
    description,
    created_at,
    updated_at
FROM resource_types
WHERE (:category IS NULL OR category = :category)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_resource_types(category)$
-- Returns how many resource types list_resource_types pages through with the same filters.
SELECT COUNT(*)
FROM resource_types
WHERE (:category IS NULL OR category = :category);


-- name: create_resource_type(name, category, unit_of_measurement, description)<!
-- Inserts one resource type; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO resource_types (
    name,
    category,
    unit_of_measurement,
    description
)
VALUES (
    :name,
    :category,
    :unit_of_measurement,
    :description
);


-- name: update_resource_type(id, expected_updated_at)!
-- Changes the given columns of resource type :id and moves updated_at; returns the
-- rows matched (0: no such resource type). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/resource_types.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE resource_types
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_resource_type(id)!
-- Deletes resource type :id; returns 1, or 0 if there is no such resource type.
DELETE FROM resource_types
WHERE id = :id;


-- name: get_resource_type_by_name(name)^
-- Returns the resource type named :name, or nothing.
SELECT
    id,
    name,
    category,
    unit_of_measurement,
    description,
    created_at,
    updated_at
FROM resource_types
WHERE name = :name;
