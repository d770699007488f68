-- =============================================================================
-- notifications.sql: notifications (table notifications), schema V1
-- =============================================================================
-- Messages to a user, an org or about an app (the general inbox).
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_notification_by_id(id)^
-- Returns the notification with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    created_at,
    updated_at
FROM notifications
WHERE id = :id;


-- name: list_notifications(user_id, org_id, app_id, read_status, limit, offset)
-- Returns one page of notifications, newest first (created_at; ties broken by id).
-- Filters left NULL match every row: :user_id, :org_id, :app_id, :read_status.
SELECT
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    created_at,
    updated_at
FROM notifications
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:read_status IS NULL OR read_status = :read_status)
ORDER BY created_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_notifications(user_id, org_id, app_id, read_status)$
-- Returns how many notifications list_notifications pages through with the same filters.
SELECT COUNT(*)
FROM notifications
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:read_status IS NULL OR read_status = :read_status);


-- name: create_notification(user_id, org_id, app_id, notification_type, message, read_status)<!
-- Inserts one notification; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO notifications (
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    COALESCE(:notification_type, DEFAULT(notification_type)),
    :message,
    COALESCE(:read_status, DEFAULT(read_status))
);


-- name: create_notification_returning(user_id, org_id, app_id, notification_type, message, read_status)^
-- Inserts one notification and returns it as stored, in one statement: MariaDB
-- 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_notification plus a read-back; on MySQL it runs create_notification.
-- The same columns and defaults as create_notification; RETURNING lists the
-- columns of get_notification_by_id, in its order. (sqlfluff parses MySQL,
-- which lacks RETURNING.)
INSERT INTO notifications (
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status
)
VALUES (
    :user_id,
    :org_id,
    :app_id,
    COALESCE(:notification_type, DEFAULT(notification_type)),
    :message,
    COALESCE(:read_status, DEFAULT(read_status))
)
RETURNING  -- noqa: PRS
    id,
    user_id,
    org_id,
    app_id,
    notification_type,
    message,
    read_status,
    created_at,
    updated_at;


-- name: update_notification(id, expected_updated_at)!
-- Changes the given columns of notification :id and moves updated_at; returns the
-- rows matched (0: no such notification). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/notifications.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE notifications
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_notification(id)!
-- Deletes notification :id; returns 1, or 0 if there is no such notification.
DELETE FROM notifications
WHERE id = :id;


-- name: list_notifications_after(after_time, after_id, user_id, limit)
-- Keyset pagination: returns up to :limit notifications older than the last one of
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
    created_at,
    updated_at
FROM notifications
WHERE (
        :after_id IS NULL
        OR created_at < :after_time
        OR (created_at = :after_time AND id < :after_id)
    )
    AND (:user_id IS NULL OR user_id = :user_id)
ORDER BY created_at DESC, id DESC
LIMIT :limit;


-- name: mark_notification_read(id)!
-- Marks notification :id read; returns the rows matched (0: no such
-- notification).
UPDATE notifications
SET
    read_status = 1,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id;


-- name: count_unread_notifications(user_id)$
-- Returns how many notifications of user :user_id are unread.
SELECT COUNT(*)
FROM notifications
WHERE user_id = :user_id
    AND read_status = 0;
