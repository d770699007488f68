-- =============================================================================
-- orgs.sql: organizations (table orgs), schema V1
-- =============================================================================
-- The tenants: every app, space and domain belongs to one. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_org_by_id(id)^
-- Returns the org with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    name,
    display_name,
    description,
    logo_url,
    website,
    billing_email,
    plan,
    status,
    created_at,
    updated_at,
    deleted_at
FROM orgs
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_orgs(status, plan, limit, offset)
-- Returns one page of orgs, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :status, :plan.
SELECT
    id,
    name,
    display_name,
    description,
    logo_url,
    website,
    billing_email,
    plan,
    status,
    created_at,
    updated_at,
    deleted_at
FROM orgs
WHERE deleted_at IS NULL
    AND (:status IS NULL OR status = :status)
    AND (:plan IS NULL OR plan = :plan)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_orgs(status, plan)$
-- Returns how many orgs list_orgs pages through with the same filters.
SELECT COUNT(*)
FROM orgs
WHERE deleted_at IS NULL
    AND (:status IS NULL OR status = :status)
    AND (:plan IS NULL OR plan = :plan);


-- name: create_org(name, display_name, description, billing_email, plan, status)<!
-- Inserts one org; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO orgs (
    name,
    display_name,
    description,
    billing_email,
    plan,
    status
)
VALUES (
    :name,
    :display_name,
    :description,
    :billing_email,
    COALESCE(:plan, DEFAULT(plan)),
    COALESCE(:status, DEFAULT(status))
);


-- name: update_org(id, expected_updated_at)!
-- Changes the given columns of org :id and moves updated_at; returns the
-- rows matched (0: no such org). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/orgs.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE orgs
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_org(id)!
-- Soft-deletes org :id (sets deleted_at); returns 1, or 0 if there is no
-- such org or it is already deleted.
UPDATE orgs
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: get_org_by_name(name)^
-- Returns the org named :name, or nothing if none or deleted.
SELECT
    id,
    name,
    display_name,
    description,
    logo_url,
    website,
    billing_email,
    plan,
    status,
    created_at,
    updated_at,
    deleted_at
FROM orgs
WHERE name = :name
    AND deleted_at IS NULL;
