-- =============================================================================
-- user_meta.sql: user meta rows (table user_meta), schema V1
-- =============================================================================
-- A user's preferences and non-sensitive settings, one row per user.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_user_meta_by_id(id)^
-- Returns the user meta with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    timezone,
    language,
    theme,
    notification_preferences,
    profile_image,
    dashboard_layout,
    onboarding_completed,
    created_at,
    updated_at
FROM user_meta
WHERE id = :id;


-- name: list_user_meta(user_id, limit, offset)
-- Returns one page of user meta rows, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id.
SELECT
    id,
    user_id,
    timezone,
    language,
    theme,
    notification_preferences,
    profile_image,
    dashboard_layout,
    onboarding_completed,
    created_at,
    updated_at
FROM user_meta
WHERE (:user_id IS NULL OR user_id = :user_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_user_meta(user_id)$
-- Returns how many user meta rows list_user_meta pages through with the same filters.
SELECT COUNT(*)
FROM user_meta
WHERE (:user_id IS NULL OR user_id = :user_id);


-- name: create_user_meta(user_id, timezone, language, theme, notification_preferences, profile_image, dashboard_layout, onboarding_completed)<!
-- Inserts one user meta; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO user_meta (
    user_id,
    timezone,
    language,
    theme,
    notification_preferences,
    profile_image,
    dashboard_layout,
    onboarding_completed
)
VALUES (
    :user_id,
    COALESCE(:timezone, DEFAULT(timezone)),
    COALESCE(:language, DEFAULT(language)),
    COALESCE(:theme, DEFAULT(theme)),
    :notification_preferences,
    :profile_image,
    :dashboard_layout,
    COALESCE(:onboarding_completed, DEFAULT(onboarding_completed))
);


-- name: update_user_meta(id, expected_updated_at)!
-- Changes the given columns of user meta :id and moves updated_at; returns the
-- rows matched (0: no such user meta). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/user_meta.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE user_meta
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_user_meta(id)!
-- Deletes user meta :id; returns 1, or 0 if there is no such user meta.
DELETE FROM user_meta
WHERE id = :id;


-- name: get_user_meta_of_user(user_id)^
-- Returns the settings of user :user_id (one row per user: the unique key
-- uq_user_meta_user_id), or nothing.
SELECT
    id,
    user_id,
    timezone,
    language,
    theme,
    notification_preferences,
    profile_image,
    dashboard_layout,
    onboarding_completed,
    created_at,
    updated_at
FROM user_meta
WHERE user_id = :user_id;
