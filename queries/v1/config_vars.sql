-- =============================================================================
-- config_vars.sql: config vars (table config_vars), schema V1
-- =============================================================================
-- An app's environment variables. Values are kept out of repr: they often
-- hold secrets.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_config_var_by_id(id)^
-- Returns the config var with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    `key`,
    value,
    is_secret,
    encryption_key_id,
    description,
    created_by,
    updated_by,
    created_at,
    updated_at
FROM config_vars
WHERE id = :id;


-- name: list_config_vars(app_id, is_secret, limit, offset)
-- Returns one page of config vars, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :is_secret.
SELECT
    id,
    app_id,
    `key`,
    value,
    is_secret,
    encryption_key_id,
    description,
    created_by,
    updated_by,
    created_at,
    updated_at
FROM config_vars
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:is_secret IS NULL OR is_secret = :is_secret)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_config_vars(app_id, is_secret)$
-- Returns how many config vars list_config_vars pages through with the same filters.
SELECT COUNT(*)
FROM config_vars
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:is_secret IS NULL OR is_secret = :is_secret);


-- name: create_config_var(app_id, key, value, is_secret, description)<!
-- Inserts one config var; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO config_vars (
    app_id,
    `key`,
    value,
    is_secret,
    description
)
VALUES (
    :app_id,
    :key,
    :value,
    COALESCE(:is_secret, DEFAULT(is_secret)),
    :description
);


-- name: update_config_var(id, expected_updated_at)!
-- Changes the given columns of config var :id and moves updated_at; returns the
-- rows matched (0: no such config var). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/config_vars.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE config_vars
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_config_var(id)!
-- Deletes config var :id; returns 1, or 0 if there is no such config var.
DELETE FROM config_vars
WHERE id = :id;


-- name: get_config_var_by_key(app_id, key)^
-- Returns config var :key of app :app_id, or nothing.
SELECT
    id,
    app_id,
    `key`,
    value,
    is_secret,
    encryption_key_id,
    description,
    created_by,
    updated_by,
    created_at,
    updated_at
FROM config_vars
WHERE app_id = :app_id
    AND `key` = :key;


-- name: set_config_var(app_id, key, value, is_secret)<!
-- Creates config var :key of app :app_id, or replaces its value and secrecy
-- if it exists. Returns the row's id either way (LAST_INSERT_ID(id) makes
-- the driver report the existing row's id on update).
INSERT INTO config_vars (app_id, `key`, value, is_secret)
VALUES (:app_id, :key, :value, COALESCE(:is_secret, DEFAULT(is_secret)))
ON DUPLICATE KEY UPDATE
    id = LAST_INSERT_ID(id),
    value = :value,
    is_secret = COALESCE(:is_secret, is_secret),
    updated_at = CURRENT_TIMESTAMP(6);
