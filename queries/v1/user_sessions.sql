-- =============================================================================
-- user_sessions.sql: user sessions (table user_sessions), schema V1
-- =============================================================================
-- Signed-in sessions. session_token holds a hash of the token the client
-- keeps, never the token itself. A session ends (is_active = 0) or expires; it
-- is not soft-deleted.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_user_session_by_id(id)^
-- Returns the user session with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at
FROM user_sessions
WHERE id = :id;


-- name: list_user_sessions(user_id, is_active, limit, offset)
-- Returns one page of user sessions, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id, :is_active.
SELECT
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at
FROM user_sessions
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:is_active IS NULL OR is_active = :is_active)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_user_sessions(user_id, is_active)$
-- Returns how many user sessions list_user_sessions pages through with the same filters.
SELECT COUNT(*)
FROM user_sessions
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:is_active IS NULL OR is_active = :is_active);


-- name: create_user_session(user_id, session_token, refresh_token, ip_address, user_agent, device_info, location_info, is_active, last_activity, expires_at)<!
-- Inserts one user session; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO user_sessions (
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at
)
VALUES (
    :user_id,
    :session_token,
    :refresh_token,
    :ip_address,
    :user_agent,
    :device_info,
    :location_info,
    COALESCE(:is_active, DEFAULT(is_active)),
    :last_activity,
    :expires_at
);


-- name: create_user_session_returning(user_id, session_token, refresh_token, ip_address, user_agent, device_info, location_info, is_active, last_activity, expires_at)^
-- Inserts one user session and returns it as stored, in one statement: MariaDB
-- 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_user_session plus a read-back; on MySQL it runs create_user_session.
-- The same columns and defaults as create_user_session; RETURNING lists the
-- columns of get_user_session_by_id, in its order. (sqlfluff parses MySQL,
-- which lacks RETURNING.)
INSERT INTO user_sessions (
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at
)
VALUES (
    :user_id,
    :session_token,
    :refresh_token,
    :ip_address,
    :user_agent,
    :device_info,
    :location_info,
    COALESCE(:is_active, DEFAULT(is_active)),
    :last_activity,
    :expires_at
)
RETURNING  -- noqa: PRS
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at;


-- name: update_user_session(id, expected_updated_at)!
-- Changes the given columns of user session :id and moves updated_at; returns the
-- rows matched (0: no such user session). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/user_sessions.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE user_sessions
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_user_session(id)!
-- Deletes user session :id; returns 1, or 0 if there is no such user session.
DELETE FROM user_sessions
WHERE id = :id;


-- name: list_user_sessions_after(after_id, user_id, limit)
-- Keyset pagination: returns up to :limit user sessions whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at
FROM user_sessions
WHERE (:after_id IS NULL OR id < :after_id)
    AND (:user_id IS NULL OR user_id = :user_id)
ORDER BY id DESC
LIMIT :limit;


-- name: get_user_session_by_token(session_token)^
-- Returns the session whose token hash is :session_token (omnidb hashes the
-- client's token; the token itself is never stored), whatever its state, or
-- nothing.
SELECT
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at
FROM user_sessions
WHERE session_token = :session_token;


-- name: touch_user_session(session_token)!
-- Stamps last_activity of the session with token hash :session_token if it
-- is active and not expired (the server's clock decides); returns the rows
-- matched (0: no such session, or it has ended or expired). It locks the
-- session's row only: whether its user may still sign in is read apart
-- (get_user_session_with_user_state), as a subquery on users here would lock
-- the user's row too, and wait behind, or deadlock with, a write to it.
UPDATE user_sessions
SET
    last_activity = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE session_token = :session_token
    AND is_active = 1
    AND expires_at > CURRENT_TIMESTAMP(6);


-- name: get_user_session_with_user_state(session_token)^
-- Returns the session whose token hash is :session_token, whatever its
-- state, with what decides whether its user may hold a valid session (as
-- get_session_user_state); nothing for no such session. A plain read: it
-- locks nothing, so it waits for no write to the user.
SELECT
    s.id,
    s.user_id,
    s.session_token,
    s.refresh_token,
    s.ip_address,
    s.user_agent,
    s.device_info,
    s.location_info,
    s.is_active,
    s.last_activity,
    s.expires_at,
    s.created_at,
    s.updated_at,
    u.active AS user_active,
    u.status AS user_status,
    u.deleted_at AS user_deleted_at
FROM user_sessions AS s
INNER JOIN users AS u ON s.user_id = u.id
WHERE s.session_token = :session_token;


-- name: get_session_user_state(user_id)^
-- Returns what decides whether user :user_id may hold a valid session
-- (validate_session), soft-deleted users included; nothing for no such
-- user. The session functions read it to say why a session is refused, and
-- to end or list the sessions of a user who was deleted.
SELECT
    id,
    active,
    status,
    deleted_at
FROM users
WHERE id = :user_id;


-- name: list_active_user_sessions(user_id)
-- Returns the sessions of user :user_id that are active and not expired,
-- newest first (idx_user_sessions_user_id_is_active, then id).
SELECT
    id,
    user_id,
    session_token,
    refresh_token,
    ip_address,
    user_agent,
    device_info,
    location_info,
    is_active,
    last_activity,
    expires_at,
    created_at,
    updated_at
FROM user_sessions
WHERE user_id = :user_id
    AND is_active = 1
    AND expires_at > CURRENT_TIMESTAMP(6)
ORDER BY id DESC;


-- name: invalidate_user_session(id)!
-- Ends session :id (is_active = 0); returns the rows matched (0: no such
-- session, or it has already been invalidated).
UPDATE user_sessions
SET
    is_active = 0,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND is_active = 1;


-- name: invalidate_user_sessions_of_user(user_id)!
-- Ends every active session of user :user_id; returns how many it ended.
UPDATE user_sessions
SET
    is_active = 0,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE user_id = :user_id
    AND is_active = 1;
