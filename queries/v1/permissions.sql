-- =============================================================================
-- permissions.sql: permissions (table permissions), schema V1
-- =============================================================================
-- What may be done (action) to what (resource_type).
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_permission_by_id(id)^
-- Returns the permission with id :id, or nothing if there is none.
SELECT
    id,
    name,
    description,
    resource_type,
    action,
    created_at,
    updated_at
FROM permissions
WHERE id = :id;


-- name: list_permissions(resource_type, action, limit, offset)
-- Returns one page of permissions, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :resource_type, :action.
SELECT
    id,
    name,
    description,
    resource_type,
    action,
    created_at,
    updated_at
FROM permissions
WHERE (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:action IS NULL OR action = :action)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_permissions(resource_type, action)$
-- Returns how many permissions list_permissions pages through with the same filters.
SELECT COUNT(*)
FROM permissions
WHERE (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:action IS NULL OR action = :action);


-- name: create_permission(name, description, resource_type, action)<!
-- Inserts one permission; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO permissions (
    name,
    description,
    resource_type,
    action
)
VALUES (
    :name,
    :description,
    :resource_type,
    :action
);


-- name: update_permission(id, expected_updated_at)!
-- Changes the given columns of permission :id and moves updated_at; returns the
-- rows matched (0: no such permission). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE permissions
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_permission(id)!
-- Deletes permission :id; returns 1, or 0 if there is no such permission.
DELETE FROM permissions
WHERE id = :id;


-- name: list_permissions_of_user(user_id)
-- Returns the permissions user :user_id has through any of its roles
-- (role_user, then permissions_role), each once, newest first.
-- (noqa RF02: sqlfluff takes the parameter :user_id for a column.)
SELECT
    p.id,
    p.name,
    p.description,
    p.resource_type,
    p.action,
    p.created_at,
    p.updated_at
FROM permissions AS p
WHERE p.id IN (
    SELECT pr.permission_id
    FROM role_user AS ru
    INNER JOIN permissions_role AS pr ON pr.role_id = ru.role_id
    WHERE ru.user_id = :user_id  -- noqa: RF02
)
ORDER BY p.id DESC;
