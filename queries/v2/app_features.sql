-- =============================================================================
-- app_features.sql: app features (table app_features), schema V2
-- =============================================================================
-- Per-app feature flags (V2): which features each app has switched on or
-- off, with settings.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_app_feature_by_id(id)^
-- Returns the app feature with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    feature_id,
    enabled,
    settings,
    created_at,
    updated_at
FROM app_features
WHERE id = :id;


-- name: list_app_features(app_id, feature_id, enabled, limit, offset)
-- Returns one page of app features, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :feature_id, :enabled.
SELECT
    id,
    app_id,
    feature_id,
    enabled,
    settings,
    created_at,
    updated_at
FROM app_features
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:feature_id IS NULL OR feature_id = :feature_id)
    AND (:enabled IS NULL OR enabled = :enabled)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_app_features(app_id, feature_id, enabled)$
-- Returns how many app features list_app_features pages through with the same filters.
SELECT COUNT(*)
FROM app_features
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:feature_id IS NULL OR feature_id = :feature_id)
    AND (:enabled IS NULL OR enabled = :enabled);


-- name: create_app_feature(app_id, feature_id, enabled, settings)<!
-- Inserts one app feature; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO app_features (
    app_id,
    feature_id,
    enabled,
    settings
)
VALUES (
    :app_id,
    :feature_id,
    COALESCE(:enabled, DEFAULT(enabled)),
    :settings
);


-- name: update_app_feature(id, expected_updated_at)!
-- Changes the given columns of app feature :id and moves updated_at; returns the
-- rows matched (0: no such app feature). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v2/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE app_features
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_app_feature(id)!
-- Deletes app feature :id; returns 1, or 0 if there is no such app feature.
DELETE FROM app_features
WHERE id = :id;
