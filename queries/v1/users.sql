-- =============================================================================
-- users.sql: users (table users), schema V1
-- =============================================================================
-- People who sign in to the platform. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_user_by_id(id)^
-- Returns the user with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    email,
    name,
    email_verified,
    password_hash,
    salt,
    password_changed_at,
    login_attempts,
    locked_until,
    two_factor_enabled,
    two_factor_verified,
    active,
    status,
    last_login_at,
    created_at,
    updated_at,
    deleted_at
FROM users
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_users(status, active, limit, offset)
-- Returns one page of users, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :status, :active.
SELECT
    id,
    email,
    name,
    email_verified,
    password_hash,
    salt,
    password_changed_at,
    login_attempts,
    locked_until,
    two_factor_enabled,
    two_factor_verified,
    active,
    status,
    last_login_at,
    created_at,
    updated_at,
    deleted_at
FROM users
WHERE deleted_at IS NULL
    AND (:status IS NULL OR status = :status)
    AND (:active IS NULL OR active = :active)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_users(status, active)$
-- Returns how many users list_users pages through with the same filters.
SELECT COUNT(*)
FROM users
WHERE deleted_at IS NULL
    AND (:status IS NULL OR status = :status)
    AND (:active IS NULL OR active = :active);


-- name: create_user(email, name, email_verified, password_hash, salt, login_attempts, locked_until, two_factor_enabled, active, status, last_login_at)<!
-- Inserts one user; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO users (
    email,
    name,
    email_verified,
    password_hash,
    salt,
    login_attempts,
    locked_until,
    two_factor_enabled,
    active,
    status,
    last_login_at
)
VALUES (
    :email,
    :name,
    COALESCE(:email_verified, DEFAULT(email_verified)),
    :password_hash,
    :salt,
    COALESCE(:login_attempts, DEFAULT(login_attempts)),
    :locked_until,
    COALESCE(:two_factor_enabled, DEFAULT(two_factor_enabled)),
    COALESCE(:active, DEFAULT(active)),
    COALESCE(:status, DEFAULT(status)),
    :last_login_at
);


-- name: update_user(id, expected_updated_at)!
-- Changes the given columns of user :id and moves updated_at; returns the
-- rows matched (0: no such user). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/users.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE users
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_user(id)!
-- Soft-deletes user :id (sets deleted_at); returns 1, or 0 if there is no
-- such user or it is already deleted.
UPDATE users
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: get_user_by_email(email)^
-- Returns the user with e-mail :email, or nothing if none or deleted.
SELECT
    id,
    email,
    name,
    email_verified,
    password_hash,
    salt,
    password_changed_at,
    login_attempts,
    locked_until,
    two_factor_enabled,
    two_factor_verified,
    active,
    status,
    last_login_at,
    created_at,
    updated_at,
    deleted_at
FROM users
WHERE email = :email
    AND deleted_at IS NULL;


-- name: record_login(id)!
-- Records a successful sign-in of user :id: stamps last_login_at and clears
-- the failed-attempt count. Returns the rows matched.
UPDATE users
SET
    last_login_at = CURRENT_TIMESTAMP(6),
    login_attempts = 0,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: record_failed_login(id)!
-- Counts one more failed sign-in of user :id. Returns the rows matched.
UPDATE users
SET
    login_attempts = login_attempts + 1,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
