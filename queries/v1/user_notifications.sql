-- =============================================================================
-- user_notifications.sql: user notifications (table user_notifications), schema V1
-- =============================================================================
-- Notifications addressed to one user, read or unread.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_user_notification_by_id(id)^
-- Returns the user notification with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM user_notifications
WHERE id = :id;


-- name: list_user_notifications(user_id, org_id, app_id, read_status, notification_type, limit, offset)
-- Returns one page of user notifications, newest first (created_at; ties broken by id).
-- Filters left NULL match every row: :user_id, :org_id, :app_id, :read_status, :notification_type.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM user_notifications
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:read_status IS NULL OR read_status = :read_status)
    AND (:notification_type IS NULL OR notification_type = :notification_type)
ORDER BY created_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_user_notifications(user_id, org_id, app_id, read_status, notification_type)$
-- Returns how many user notifications list_user_notifications pages through with the same filters.
SELECT COUNT(*)
FROM user_notifications
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:read_status IS NULL OR read_status = :read_status)
    AND (:notification_type IS NULL OR notification_type = :notification_type);


-- name: create_user_notification(user_id, org_id, app_id, notification_type, message, read_status, importance, action_url, action_label, expires_at)<!
-- Inserts one user notification; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO user_notifications (
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    :notification_type,
    :message,
    COALESCE(:read_status, DEFAULT(read_status)),
    COALESCE(:importance, DEFAULT(importance)),
    :action_url,
    :action_label,
    :expires_at
);


-- name: create_user_notification_returning(user_id, org_id, app_id, notification_type, message, read_status, importance, action_url, action_label, expires_at)^
-- Inserts one user notification and returns it as stored, in one statement:
-- MariaDB 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead
-- of create_user_notification plus a read-back; on MySQL it runs
-- create_user_notification. The same columns and defaults as
-- create_user_notification; RETURNING lists the columns of
-- get_user_notification_by_id, in its order. (sqlfluff parses MySQL, which
-- lacks RETURNING.)
INSERT INTO user_notifications (
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    :notification_type,
    :message,
    COALESCE(:read_status, DEFAULT(read_status)),
    COALESCE(:importance, DEFAULT(importance)),
    :action_url,
    :action_label,
    :expires_at
)
RETURNING  -- noqa: PRS
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at;


-- name: update_user_notification(id, expected_updated_at)!
-- Changes the given columns of user notification :id and moves updated_at; returns the
-- rows matched (0: no such user notification). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/user_notifications.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE user_notifications
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_user_notification(id)!
-- Deletes user notification :id; returns 1, or 0 if there is no such user notification.
DELETE FROM user_notifications
WHERE id = :id;


-- name: list_user_notifications_after(after_time, after_id, user_id, limit)
-- Keyset pagination: returns up to :limit user notifications older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest created_at first, ties broken by id. A deep page costs what the
-- first one does: the (created_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM user_notifications
WHERE (
        :after_id IS NULL
        OR created_at < :after_time
        OR (created_at = :after_time AND id < :after_id)
    )
    AND (:user_id IS NULL OR user_id = :user_id)
ORDER BY created_at DESC, id DESC
LIMIT :limit;


-- name: mark_user_notification_read(id)!
-- Marks notification :id read; returns the rows matched (0: no such
-- notification).
UPDATE user_notifications
SET
    read_status = 1,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;


-- name: mark_all_user_notifications_read(user_id)!
-- Marks every unread notification of user :user_id read; returns how many
-- there were.
UPDATE user_notifications
SET
    read_status = 1,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE user_id = :user_id
    AND read_status = 0;


-- name: count_unread_user_notifications(user_id)$
-- Returns how many notifications of user :user_id are unread.
SELECT COUNT(*)
FROM user_notifications
WHERE user_id = :user_id
    AND read_status = 0;


-- name: lock_user_notification(id)^
-- Returns notification :id and locks it until the transaction ends, or
-- nothing if there is none.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM user_notifications
WHERE id = :id
FOR UPDATE;
