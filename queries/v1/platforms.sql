-- =============================================================================
-- platforms.sql: platforms (table platforms), schema V1
-- =============================================================================
-- The OmniCloud platforms this database serves, each with its own subdomain.
-- Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- =============================================================================


-- name: get_platform_by_id(id)^
-- Returns the platform with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    name,
    description,
    table_name,
    subdomain,
    created_at,
    updated_at,
    deleted_at
FROM platforms
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_platforms(limit, offset)
-- Returns one page of platforms, newest first (by id: ids grow with created_at, and are unique).
SELECT
    id,
    name,
    description,
    table_name,
    subdomain,
    created_at,
    updated_at,
    deleted_at
FROM platforms
WHERE deleted_at IS NULL
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_platforms()$
-- Returns how many platforms list_platforms pages through with the same filters.
SELECT COUNT(*)
FROM platforms
WHERE deleted_at IS NULL;


-- name: create_platform(name, description, table_name, subdomain)<!
-- Inserts one platform; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO platforms (
    name,
    description,
    table_name,
    subdomain
)
VALUES (
    :name,
    :description,
    :table_name,
    :subdomain
);


-- name: update_platform(id, expected_updated_at)!
-- Changes the given columns of platform :id and moves updated_at; returns the
-- rows matched (0: no such platform). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/platforms.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE platforms
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_platform(id)!
-- Soft-deletes platform :id (sets deleted_at); returns 1, or 0 if there is no
-- such platform or it is already deleted.
UPDATE platforms
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
