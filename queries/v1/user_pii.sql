-- =============================================================================
-- user_pii.sql: user PII rows (table user_pii), schema V1
-- =============================================================================
-- Personally identifiable information of a user, one row per user, kept apart
-- so it can be protected and erased on its own. Names stay out of repr.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_user_pii_by_id(id)^
-- Returns the user PII with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    first_name,
    last_name,
    full_name,
    identity_verified,
    identity_verification_date,
    identity_verification_method,
    created_at,
    updated_at
FROM user_pii
WHERE id = :id;


-- name: list_user_pii(user_id, identity_verified, limit, offset)
-- Returns one page of user PII rows, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id, :identity_verified.
SELECT
    id,
    user_id,
    first_name,
    last_name,
    full_name,
    identity_verified,
    identity_verification_date,
    identity_verification_method,
    created_at,
    updated_at
FROM user_pii
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:identity_verified IS NULL OR identity_verified = :identity_verified)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_user_pii(user_id, identity_verified)$
-- Returns how many user PII rows list_user_pii pages through with the same filters.
SELECT COUNT(*)
FROM user_pii
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:identity_verified IS NULL OR identity_verified = :identity_verified);


-- name: create_user_pii(user_id, first_name, last_name, full_name, identity_verified, identity_verification_date, identity_verification_method)<!
-- Inserts one user PII; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO user_pii (
    user_id,
    first_name,
    last_name,
    full_name,
    identity_verified,
    identity_verification_date,
    identity_verification_method
)
VALUES (
    :user_id,
    :first_name,
    :last_name,
    :full_name,
    COALESCE(:identity_verified, DEFAULT(identity_verified)),
    :identity_verification_date,
    :identity_verification_method
);


-- name: update_user_pii(id, expected_updated_at)!
-- Changes the given columns of user PII :id and moves updated_at; returns the
-- rows matched (0: no such user PII). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/user_pii.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE user_pii
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_user_pii(id)!
-- Deletes user PII :id; returns 1, or 0 if there is no such user PII.
DELETE FROM user_pii
WHERE id = :id;


-- name: get_user_pii_of_user(user_id)^
-- Returns the personal data of user :user_id (one row per user: the unique key
-- uq_user_pii_user_id), or nothing.
SELECT
    id,
    user_id,
    first_name,
    last_name,
    full_name,
    identity_verified,
    identity_verification_date,
    identity_verification_method,
    created_at,
    updated_at
FROM user_pii
WHERE user_id = :user_id;
