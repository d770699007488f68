-- =============================================================================
-- storage_migrations.sql: storage migrations (table storage_migrations), schema V1
-- =============================================================================
-- Moves of a volume's data to another volume, with their progress. History:
-- no soft delete.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_storage_migration_by_id(id)^
-- Returns the storage migration with id :id, or nothing if there is none.
SELECT
    id,
    source_volume_id,
    destination_volume_id,
    migration_type,
    status,
    progress_percent,
    started_at,
    completed_at,
    is_online,
    error_message,
    created_by,
    created_at,
    updated_at
FROM storage_migrations
WHERE id = :id;


-- name: list_storage_migrations(source_volume_id, destination_volume_id, status, limit, offset)
-- Returns one page of storage migrations, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :source_volume_id, :destination_volume_id, :status.
SELECT
    id,
    source_volume_id,
    destination_volume_id,
    migration_type,
    status,
    progress_percent,
    started_at,
    completed_at,
    is_online,
    error_message,
    created_by,
    created_at,
    updated_at
FROM storage_migrations
WHERE (:source_volume_id IS NULL OR source_volume_id = :source_volume_id)
    AND (:destination_volume_id IS NULL OR destination_volume_id = :destination_volume_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_storage_migrations(source_volume_id, destination_volume_id, status)$
-- Returns how many storage migrations list_storage_migrations pages through with the same filters.
SELECT COUNT(*)
FROM storage_migrations
WHERE (:source_volume_id IS NULL OR source_volume_id = :source_volume_id)
    AND (:destination_volume_id IS NULL OR destination_volume_id = :destination_volume_id)
    AND (:status IS NULL OR status = :status);


-- name: create_storage_migration(source_volume_id, destination_volume_id, migration_type, status, progress_percent, started_at, completed_at, is_online, error_message, created_by)<!
-- Inserts one storage migration; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO storage_migrations (
    source_volume_id,
    destination_volume_id,
    migration_type,
    status,
    progress_percent,
    started_at,
    completed_at,
    is_online,
    error_message,
    created_by
)
VALUES (
    :source_volume_id,
    :destination_volume_id,
    :migration_type,
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:progress_percent, DEFAULT(progress_percent)),
    COALESCE(:started_at, DEFAULT(started_at)),
    :completed_at,
    COALESCE(:is_online, DEFAULT(is_online)),
    :error_message,
    :created_by
);


-- name: update_storage_migration(id, expected_updated_at)!
-- Changes the given columns of storage migration :id and moves updated_at; returns the
-- rows matched (0: no such storage migration). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/storage_migrations.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE storage_migrations
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_storage_migration(id)!
-- Deletes storage migration :id; returns 1, or 0 if there is no such storage migration.
DELETE FROM storage_migrations
WHERE id = :id;
