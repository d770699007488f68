-- =============================================================================
-- org_members.sql: org members (table orgmember), schema V1
-- =============================================================================
-- Which users belong to which org, with their role in it.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_org_member_by_id(id)^
-- Returns the org member with id :id, or nothing if there is none.
SELECT
    id,
    org_id,
    user_id,
    role,
    invitation_status,
    invitation_token,
    invitation_expires_at,
    created_at,
    updated_at
FROM orgmember
WHERE id = :id;


-- name: list_org_members(org_id, user_id, role, limit, offset)
-- Returns one page of org members, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :user_id, :role.
SELECT
    id,
    org_id,
    user_id,
    role,
    invitation_status,
    invitation_token,
    invitation_expires_at,
    created_at,
    updated_at
FROM orgmember
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:user_id IS NULL OR user_id = :user_id)
    AND (:role IS NULL OR role = :role)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_org_members(org_id, user_id, role)$
-- Returns how many org members list_org_members pages through with the same filters.
SELECT COUNT(*)
FROM orgmember
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:user_id IS NULL OR user_id = :user_id)
    AND (:role IS NULL OR role = :role);


-- name: create_org_member(org_id, user_id, role, invitation_status)<!
-- Inserts one org member; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO orgmember (
    org_id,
    user_id,
    role,
    invitation_status
)
VALUES (
    :org_id,
    :user_id,
    COALESCE(:role, DEFAULT(role)),
    COALESCE(:invitation_status, DEFAULT(invitation_status))
);


-- name: update_org_member(id, expected_updated_at)!
-- Changes the given columns of org member :id and moves updated_at; returns the
-- rows matched (0: no such org member). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/org_members.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE orgmember
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_org_member(id)!
-- Deletes org member :id; returns 1, or 0 if there is no such org member.
DELETE FROM orgmember
WHERE id = :id;
