-- =============================================================================
-- users.sql: users (table users), schema V1
-- =============================================================================
-- People who sign in to the platform. Soft-deletable.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
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


-- name: create_user(email, name, email_verified, password_hash, salt, password_changed_at, login_attempts, locked_until, two_factor_enabled, two_factor_verified, active, status, last_login_at)<!
-- Inserts one user; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO users (
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
    last_login_at
)
VALUES (
    :email,
    :name,
    COALESCE(:email_verified, DEFAULT(email_verified)),
    :password_hash,
    :salt,
    :password_changed_at,
    COALESCE(:login_attempts, DEFAULT(login_attempts)),
    :locked_until,
    COALESCE(:two_factor_enabled, DEFAULT(two_factor_enabled)),
    COALESCE(:two_factor_verified, DEFAULT(two_factor_verified)),
    COALESCE(:active, DEFAULT(active)),
    COALESCE(:status, DEFAULT(status)),
    :last_login_at
);


-- name: update_user(id, expected_updated_at)!
-- Changes the given columns of user :id and moves updated_at; returns the
-- rows matched (0: no such user). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
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
-- Records a successful sign-in of user :id: stamps last_login_at, clears
-- the failed-attempt count and any lock. Returns the rows matched.
UPDATE users
SET
    last_login_at = CURRENT_TIMESTAMP(6),
    login_attempts = 0,
    locked_until = NULL,
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


-- name: get_user_for_sign_in(email)^
-- Returns the user with e-mail :email, locked for the rest of the transaction
-- (FOR UPDATE: two concurrent sign-ins count their failures one after the
-- other), plus locked: 1 while locked_until is still in the future (the
-- server's clock decides, as it does when it sets locked_until). Nothing if
-- there is no such user or it is deleted.
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
    deleted_at,
    COALESCE(locked_until > CURRENT_TIMESTAMP(6), 0) AS locked
FROM users
WHERE email = :email
    AND deleted_at IS NULL
FOR UPDATE;


-- name: record_failed_sign_in(id, max_attempts, lock_minutes)!
-- Counts one more failed sign-in of user :id (from 0 again once a lock has
-- expired); the one that reaches :max_attempts locks the account for
-- :lock_minutes minutes from now, and an expired lock is cleared. MySQL
-- evaluates a single-table SET list left to right (omnidb's sql_mode never
-- has MariaDB's SIMULTANEOUS_ASSIGNMENT), so locked_until sees the count just
-- assigned. Returns the rows matched.
UPDATE users
SET
    login_attempts = IF(locked_until <= CURRENT_TIMESTAMP(6), 0, login_attempts) + 1,
    locked_until = CASE
        WHEN login_attempts >= :max_attempts
            THEN CURRENT_TIMESTAMP(6) + INTERVAL :lock_minutes MINUTE
        WHEN locked_until <= CURRENT_TIMESTAMP(6) THEN NULL
        ELSE locked_until
    END,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: set_user_two_factor(id, enabled)!
-- Turns two-factor sign-in of user :id on (1) or off (0); either way it is
-- unverified until verify_user_two_factor. Returns the rows matched: 0 when
-- there is no such user or it is already in that state.
UPDATE users
SET
    two_factor_enabled = :enabled,
    two_factor_verified = 0,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND two_factor_enabled <> :enabled;


-- name: set_user_password(id, password_hash, salt)!
-- Replaces the password hash and salt of user :id, stamps
-- password_changed_at, and clears failed sign-ins and any lock (a reset
-- unlocks the account). Returns the rows matched.
UPDATE users
SET
    password_hash = :password_hash,
    salt = :salt,
    password_changed_at = CURRENT_TIMESTAMP(6),
    login_attempts = 0,
    locked_until = NULL,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: verify_user_two_factor(id)!
-- Marks the enabled, not yet verified two-factor sign-in of user :id as
-- verified; returns the rows matched (0: no such user, two-factor off, or
-- already verified).
UPDATE users
SET
    two_factor_verified = 1,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND two_factor_enabled = 1
    AND two_factor_verified = 0;
