-- =============================================================================
-- api_keys.sql: api keys (table api_keys), schema V1
-- =============================================================================
-- Keys for programmatic access. Only a hash is stored; prefix identifies a
-- key.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_api_key_by_id(id)^
-- Returns the api key with id :id, or nothing if there is none.
SELECT
    id,
    org_id,
    user_id,
    name,
    description,
    key_hash,
    prefix,
    scopes,
    expires_at,
    last_used_at,
    revoked,
    revoked_at,
    revoked_by,
    created_at,
    updated_at
FROM api_keys
WHERE id = :id;


-- name: list_api_keys(org_id, user_id, revoked, limit, offset)
-- Returns one page of api keys, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :user_id, :revoked.
SELECT
    id,
    org_id,
    user_id,
    name,
    description,
    key_hash,
    prefix,
    scopes,
    expires_at,
    last_used_at,
    revoked,
    revoked_at,
    revoked_by,
    created_at,
    updated_at
FROM api_keys
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:user_id IS NULL OR user_id = :user_id)
    AND (:revoked IS NULL OR revoked = :revoked)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_api_keys(org_id, user_id, revoked)$
-- Returns how many api keys list_api_keys pages through with the same filters.
SELECT COUNT(*)
FROM api_keys
WHERE (:org_id IS NULL OR org_id = :org_id)
    AND (:user_id IS NULL OR user_id = :user_id)
    AND (:revoked IS NULL OR revoked = :revoked);


-- name: create_api_key(org_id, user_id, name, description, key_hash, prefix, scopes, expires_at, last_used_at, revoked, revoked_at, revoked_by)<!
-- Inserts one api key; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO api_keys (
    org_id,
    user_id,
    name,
    description,
    key_hash,
    prefix,
    scopes,
    expires_at,
    last_used_at,
    revoked,
    revoked_at,
    revoked_by
)
VALUES (
    :org_id,
    :user_id,
    :name,
    :description,
    :key_hash,
    :prefix,
    :scopes,
    :expires_at,
    :last_used_at,
    COALESCE(:revoked, DEFAULT(revoked)),
    :revoked_at,
    :revoked_by
);


-- name: update_api_key(id, expected_updated_at)!
-- Changes the given columns of api key :id and moves updated_at; returns the
-- rows matched (0: no such api key). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE api_keys
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_api_key(id)!
-- Deletes api key :id; returns 1, or 0 if there is no such api key.
DELETE FROM api_keys
WHERE id = :id;


-- name: get_api_key_by_prefix(prefix)^
-- Returns the key whose prefix is :prefix (revoked or not), or nothing.
SELECT
    id,
    org_id,
    user_id,
    name,
    description,
    key_hash,
    prefix,
    scopes,
    expires_at,
    last_used_at,
    revoked,
    revoked_at,
    revoked_by,
    created_at,
    updated_at
FROM api_keys
WHERE prefix = :prefix;


-- name: revoke_api_key(id, revoked_by)!
-- Revokes key :id, recording who did it; returns the rows matched (0: no
-- such key, or already revoked).
UPDATE api_keys
SET
    revoked = 1,
    revoked_at = CURRENT_TIMESTAMP(6),
    revoked_by = :revoked_by,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND revoked = 0;


-- name: touch_api_key(id)!
-- Stamps last_used_at of key :id; returns the rows matched.
UPDATE api_keys
SET last_used_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;
