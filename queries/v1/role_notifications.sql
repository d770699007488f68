-- =============================================================================
-- role_notifications.sql: role notifications (table role_notifications), schema V1
-- =============================================================================
-- Notifications addressed to everyone holding a role; each user
-- acknowledges them in notification_acknowledgments.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_role_notification_by_id(id)^
-- Returns the role notification with id :id, or nothing if there is none.
SELECT
    id,
    role_id,
    org_id,
    app_id,
    notification_type,
    message,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM role_notifications
WHERE id = :id;


-- name: list_role_notifications(role_id, org_id, app_id, notification_type, limit, offset)
-- Returns one page of role notifications, newest first (created_at; ties broken by id).
-- Filters left NULL match every row: :role_id, :org_id, :app_id, :notification_type.
SELECT
    id,
    role_id,
    org_id,
    app_id,
    notification_type,
    message,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM role_notifications
WHERE (:role_id IS NULL OR role_id = :role_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:notification_type IS NULL OR notification_type = :notification_type)
ORDER BY created_at DESC, id DESC
LIMIT :limit OFFSET :offset;


-- name: count_role_notifications(role_id, org_id, app_id, notification_type)$
-- Returns how many role notifications list_role_notifications pages through with the same filters.
SELECT COUNT(*)
FROM role_notifications
WHERE (:role_id IS NULL OR role_id = :role_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:notification_type IS NULL OR notification_type = :notification_type);


-- name: create_role_notification(role_id, org_id, app_id, notification_type, message, importance, action_url, action_label, expires_at)<!
-- Inserts one role notification; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO role_notifications (
    role_id,
    org_id,
    app_id,
    notification_type,
    message,
    importance,
    action_url,
    action_label,
    expires_at
)
VALUES (
    :role_id,
    :org_id,
    :app_id,
    :notification_type,
    :message,
    COALESCE(:importance, DEFAULT(importance)),
    :action_url,
    :action_label,
    :expires_at
);


-- name: update_role_notification(id, expected_updated_at)!
-- Changes the given columns of role notification :id and moves updated_at; returns the
-- rows matched (0: no such role notification). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/role_notifications.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE role_notifications
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_role_notification(id)!
-- Deletes role notification :id; returns 1, or 0 if there is no such role notification.
DELETE FROM role_notifications
WHERE id = :id;


-- name: list_role_notifications_after(after_time, after_id, role_id, limit)
-- Keyset pagination: returns up to :limit role notifications older than the last one of
-- the previous page (:after_time, :after_id; both NULL for the first page),
-- newest created_at first, ties broken by id. A deep page costs what the
-- first one does: the (created_at) index, or the filter's composite one, is
-- entered at the cursor instead of counting past the rows before it.
SELECT
    id,
    role_id,
    org_id,
    app_id,
    notification_type,
    message,
    importance,
    action_url,
    action_label,
    expires_at,
    created_at,
    updated_at
FROM role_notifications
WHERE (
        :after_id IS NULL
        OR created_at < :after_time
        OR (created_at = :after_time AND id < :after_id)
    )
    AND (:role_id IS NULL OR role_id = :role_id)
ORDER BY created_at DESC, id DESC
LIMIT :limit;


-- name: list_role_notifications_for_user(user_id, limit, offset)
-- Returns one page of the notifications addressed to the roles user
-- :user_id holds (role_user), newest first, each with when the user
-- acknowledged it (acknowledged_at; NULL: not yet).
SELECT DISTINCT
    rn.id,
    rn.role_id,
    rn.org_id,
    rn.app_id,
    rn.notification_type,
    rn.message,
    rn.importance,
    rn.action_url,
    rn.action_label,
    rn.expires_at,
    rn.created_at,
    na.acknowledged_at
FROM role_notifications AS rn
INNER JOIN role_user AS ru
    ON rn.role_id = ru.role_id
LEFT JOIN notification_acknowledgments AS na
    ON
        rn.id = na.role_notification_id
        AND na.user_id = :user_id
WHERE ru.user_id = :user_id
ORDER BY rn.created_at DESC, rn.id DESC
LIMIT :limit OFFSET :offset;


-- name: count_unacknowledged_role_notifications(user_id)$
-- Returns how many notifications addressed to the roles user :user_id holds
-- the user has not acknowledged.
SELECT COUNT(DISTINCT rn.id)
FROM role_notifications AS rn
INNER JOIN role_user AS ru
    ON rn.role_id = ru.role_id
WHERE ru.user_id = :user_id
    AND NOT EXISTS (
        SELECT 1
        FROM notification_acknowledgments AS na
        WHERE na.role_notification_id = rn.id
            AND na.user_id = :user_id
    );


-- name: count_user_role_holdings(user_id, role_id)$
-- Returns how many times user :user_id holds role :role_id (role_user rows,
-- any scope): 0 means the user does not hold it.
SELECT COUNT(*)
FROM role_user
WHERE user_id = :user_id
    AND role_id = :role_id;
