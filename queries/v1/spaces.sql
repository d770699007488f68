-- =============================================================================
-- spaces.sql: spaces (table spaces), schema V1
-- =============================================================================
-- An org's environments (production, staging...). Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_space_by_id(id)^
-- Returns the space with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    org_id,
    name,
    description,
    status,
    isolation_segment,
    network_isolation,
    created_at,
    updated_at,
    deleted_at
FROM spaces
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_spaces(org_id, status, limit, offset)
-- Returns one page of spaces, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :status.
SELECT
    id,
    org_id,
    name,
    description,
    status,
    isolation_segment,
    network_isolation,
    created_at,
    updated_at,
    deleted_at
FROM spaces
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_spaces(org_id, status)$
-- Returns how many spaces list_spaces pages through with the same filters.
SELECT COUNT(*)
FROM spaces
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:status IS NULL OR status = :status);


-- name: create_space(org_id, name, description, status)<!
-- Inserts one space; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO spaces (
    org_id,
    name,
    description,
    status
)
VALUES (
    :org_id,
    :name,
    :description,
    COALESCE(:status, DEFAULT(status))
);


-- name: update_space(id, expected_updated_at)!
-- Changes the given columns of space :id and moves updated_at; returns the
-- rows matched (0: no such space). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/spaces.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE spaces
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_space(id)!
-- Soft-deletes space :id (sets deleted_at); returns 1, or 0 if there is no
-- such space or it is already deleted.
UPDATE spaces
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
