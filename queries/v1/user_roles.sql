-- =============================================================================
-- user_roles.sql: user roles (table role_user), schema V1
-- =============================================================================
-- Which roles each user holds, globally or scoped to an org, space or app.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_user_role_by_id(id)^
-- Returns the user role with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    role_id,
    scope_type,
    scope_id,
    created_at,
    updated_at
FROM role_user
WHERE id = :id;


-- name: list_user_roles(user_id, role_id, scope_type, limit, offset)
-- Returns one page of user roles, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id, :role_id, :scope_type.
SELECT
    id,
    user_id,
    role_id,
    scope_type,
    scope_id,
    created_at,
    updated_at
FROM role_user
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:role_id IS NULL OR role_id = :role_id)
    AND (:scope_type IS NULL OR scope_type = :scope_type)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_user_roles(user_id, role_id, scope_type)$
-- Returns how many user roles list_user_roles pages through with the same filters.
SELECT COUNT(*)
FROM role_user
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:role_id IS NULL OR role_id = :role_id)
    AND (:scope_type IS NULL OR scope_type = :scope_type);


-- name: create_user_role(user_id, role_id, scope_type, scope_id)<!
-- Inserts one user role; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO role_user (
    user_id,
    role_id,
    scope_type,
    scope_id
)
VALUES (
    :user_id,
    :role_id,
    COALESCE(:scope_type, DEFAULT(scope_type)),
    COALESCE(:scope_id, DEFAULT(scope_id))
);


-- name: delete_user_role(id)!
-- Deletes user role :id; returns 1, or 0 if there is no such user role.
DELETE FROM role_user
WHERE id = :id;
