-- =============================================================================
-- metadata.sql: the key-value store of system settings (omnidb/meta.py)
-- =============================================================================
-- Table metadata (sql/db_init.sql). `key` is a reserved word: always quoted.
-- =============================================================================


-- name: get_meta_value(key)$
-- Returns the value stored under :key, or nothing.
SELECT value
FROM metadata
WHERE `key` = :key;


-- name: set_meta_value(key, value)!
-- Stores :value under :key, replacing any value already there.
INSERT INTO metadata (`key`, value)
VALUES (:key, :value)
ON DUPLICATE KEY UPDATE
    value = :value,
    updated_at = CURRENT_TIMESTAMP(6);


-- name: delete_meta_value(key)!
-- Removes :key; returns 1, or 0 if it was not there.
DELETE FROM metadata
WHERE `key` = :key;


-- name: list_meta()
-- Returns every key with its value and timestamps, by key.
SELECT
    `key`,
    value,
    created_at,
    updated_at
FROM metadata
ORDER BY `key`;
