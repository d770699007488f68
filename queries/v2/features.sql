-- =============================================================================
-- features.sql: features (table features), schema V2
-- =============================================================================
-- Platform features apps can use (V2). Soft-deletable.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_feature_by_id(id)^
-- Returns the feature with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    name,
    description,
    enabled,
    created_at,
    updated_at,
    deleted_at
FROM features
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_features(enabled, limit, offset)
-- Returns one page of features, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :enabled.
SELECT
    id,
    name,
    description,
    enabled,
    created_at,
    updated_at,
    deleted_at
FROM features
WHERE deleted_at IS NULL
    AND (:enabled IS NULL OR enabled = :enabled)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_features(enabled)$
-- Returns how many features list_features pages through with the same filters.
SELECT COUNT(*)
FROM features
WHERE deleted_at IS NULL
    AND (:enabled IS NULL OR enabled = :enabled);


-- name: create_feature(name, description, enabled)<!
-- Inserts one feature; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO features (
    name,
    description,
    enabled
)
VALUES (
    :name,
    :description,
    COALESCE(:enabled, DEFAULT(enabled))
);


-- name: update_feature(id, expected_updated_at)!
-- Changes the given columns of feature :id and moves updated_at; returns the
-- rows matched (0: no such feature). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v2/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE features
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_feature(id)!
-- Soft-deletes feature :id (sets deleted_at); returns 1, or 0 if there is no
-- such feature or it is already deleted.
UPDATE features
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
