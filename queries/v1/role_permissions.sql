-- =============================================================================
-- role_permissions.sql: role permissions (table permissions_role), schema V1
-- =============================================================================
-- Which permissions each role grants.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_role_permission_by_id(id)^
-- Returns the role permission with id :id, or nothing if there is none.
SELECT
    id,
    permission_id,
    role_id,
    created_at,
    updated_at
FROM permissions_role
WHERE id = :id;


-- name: list_role_permissions(role_id, permission_id, limit, offset)
-- Returns one page of role permissions, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :role_id, :permission_id.
SELECT
    id,
    permission_id,
    role_id,
    created_at,
    updated_at
FROM permissions_role
WHERE (:role_id IS NULL OR role_id = :role_id)
    AND (:permission_id IS NULL OR permission_id = :permission_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_role_permissions(role_id, permission_id)$
-- Returns how many role permissions list_role_permissions pages through with the same filters.
SELECT COUNT(*)
FROM permissions_role
WHERE (:role_id IS NULL OR role_id = :role_id)
    AND (:permission_id IS NULL OR permission_id = :permission_id);


-- name: create_role_permission(permission_id, role_id)<!
-- Inserts one role permission; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO permissions_role (
    permission_id,
    role_id
)
VALUES (
    :permission_id,
    :role_id
);


-- name: delete_role_permission(id)!
-- Deletes role permission :id; returns 1, or 0 if there is no such role permission.
DELETE FROM permissions_role
WHERE id = :id;
