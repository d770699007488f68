-- =============================================================================
-- roles.sql: roles (table roles), schema V1
-- =============================================================================
-- Named sets of permissions.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_role_by_id(id)^
-- Returns the role with id :id, or nothing if there is none.
SELECT
    id,
    name,
    description,
    is_system_role,
    scope,
    created_at,
    updated_at
FROM roles
WHERE id = :id;


-- name: list_roles(scope, limit, offset)
-- Returns one page of roles, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :scope.
SELECT
    id,
    name,
    description,
    is_system_role,
    scope,
    created_at,
    updated_at
FROM roles
WHERE (:scope IS NULL OR scope = :scope)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_roles(scope)$
-- Returns how many roles list_roles pages through with the same filters.
SELECT COUNT(*)
FROM roles
WHERE (:scope IS NULL OR scope = :scope);


-- name: create_role(name, description, is_system_role, scope)<!
-- Inserts one role; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO roles (
    name,
    description,
    is_system_role,
    scope
)
VALUES (
    :name,
    :description,
    COALESCE(:is_system_role, DEFAULT(is_system_role)),
    COALESCE(:scope, DEFAULT(scope))
);


-- name: update_role(id, expected_updated_at)!
-- Changes the given columns of role :id and moves updated_at; returns the
-- rows matched (0: no such role). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE roles
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_role(id)!
-- Deletes role :id; returns 1, or 0 if there is no such role.
DELETE FROM roles
WHERE id = :id;


-- name: list_roles_of_user(user_id)
-- Returns the roles user :user_id holds (through role_user), each once
-- whatever the number of scopes it is held in, newest first.
-- (noqa RF02: sqlfluff takes the parameter :user_id for a column.)
SELECT
    r.id,
    r.name,
    r.description,
    r.is_system_role,
    r.scope,
    r.created_at,
    r.updated_at
FROM roles AS r
WHERE r.id IN (
    SELECT ru.role_id
    FROM role_user AS ru
    WHERE ru.user_id = :user_id  -- noqa: RF02
)
ORDER BY r.id DESC;
