-- =============================================================================
-- notification_acknowledgments.sql: notification acknowledgments (table notification_acknowledgments), schema V1
-- =============================================================================
-- Who has acknowledged which notification: a user notification or a role
-- notification, exactly one of the two. Nothing to update.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_notification_acknowledgment_by_id(id)^
-- Returns the notification acknowledgment with id :id, or nothing if there is none.
SELECT
    id,
    user_id,
    notification_id,
    role_notification_id,
    acknowledged_at,
    created_at,
    updated_at
FROM notification_acknowledgments
WHERE id = :id;


-- name: list_notification_acknowledgments(user_id, notification_id, role_notification_id, limit, offset)
-- Returns one page of notification acknowledgments, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :user_id, :notification_id, :role_notification_id.
SELECT
    id,
    user_id,
    notification_id,
    role_notification_id,
    acknowledged_at,
    created_at,
    updated_at
FROM notification_acknowledgments
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:notification_id IS NULL OR notification_id = :notification_id)
    AND (:role_notification_id IS NULL OR role_notification_id = :role_notification_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_notification_acknowledgments(user_id, notification_id, role_notification_id)$
-- Returns how many notification acknowledgments list_notification_acknowledgments pages through with the same filters.
SELECT COUNT(*)
FROM notification_acknowledgments
WHERE (:user_id IS NULL OR user_id = :user_id)
    AND (:notification_id IS NULL OR notification_id = :notification_id)
    AND (:role_notification_id IS NULL OR role_notification_id = :role_notification_id);


-- name: create_notification_acknowledgment(user_id, notification_id, role_notification_id, acknowledged_at)<!
-- Inserts one notification acknowledgment; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO notification_acknowledgments (
    user_id,
    notification_id,
    role_notification_id,
    acknowledged_at
)
VALUES (
    :user_id,
    :notification_id,
    :role_notification_id,
    COALESCE(:acknowledged_at, DEFAULT(acknowledged_at))
);


-- name: create_notification_acknowledgment_returning(user_id, notification_id, role_notification_id, acknowledged_at)^
-- Inserts one notification acknowledgment and returns it as stored, in one
-- statement: MariaDB 10.5+ only (INSERT ... RETURNING). omnidb runs it on
-- MariaDB instead of create_notification_acknowledgment plus a read-back; on
-- MySQL it runs create_notification_acknowledgment. The same columns and
-- defaults as create_notification_acknowledgment; RETURNING lists the columns
-- of get_notification_acknowledgment_by_id, in its order. (sqlfluff parses
-- MySQL, which lacks RETURNING.)
INSERT INTO notification_acknowledgments (
    user_id,
    notification_id,
    role_notification_id,
    acknowledged_at
)
VALUES (
    :user_id,
    :notification_id,
    :role_notification_id,
    COALESCE(:acknowledged_at, DEFAULT(acknowledged_at))
)
RETURNING  -- noqa: PRS
    id,
    user_id,
    notification_id,
    role_notification_id,
    acknowledged_at,
    created_at,
    updated_at;


-- name: delete_notification_acknowledgment(id)!
-- Deletes notification acknowledgment :id; returns 1, or 0 if there is no such notification acknowledgment.
DELETE FROM notification_acknowledgments
WHERE id = :id;


-- name: count_acknowledgments_by(user_id, notification_id, role_notification_id)$
-- Returns how many times user :user_id has acknowledged the notification
-- given (:notification_id or :role_notification_id, the other NULL).
SELECT COUNT(*)
FROM notification_acknowledgments
WHERE user_id = :user_id
    AND notification_id <=> :notification_id
    AND role_notification_id <=> :role_notification_id;
