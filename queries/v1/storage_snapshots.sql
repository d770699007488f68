-- =============================================================================
-- storage_snapshots.sql: storage snapshots (table storage_snapshots), schema V1
-- =============================================================================
-- Point-in-time copies of a volume, in GB. Status: Creating, then
-- Available; Deleted once removed. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_storage_snapshot_by_id(id)^
-- Returns the storage snapshot with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    volume_id,
    name,
    size_gb,
    status,
    description,
    retention_date,
    created_at,
    updated_at,
    deleted_at
FROM storage_snapshots
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_storage_snapshots(volume_id, status, limit, offset)
-- Returns one page of storage snapshots, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :volume_id, :status.
SELECT
    id,
    volume_id,
    name,
    size_gb,
    status,
    description,
    retention_date,
    created_at,
    updated_at,
    deleted_at
FROM storage_snapshots
WHERE deleted_at IS NULL
    AND (:volume_id IS NULL OR volume_id = :volume_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_storage_snapshots(volume_id, status)$
-- Returns how many storage snapshots list_storage_snapshots pages through with the same filters.
SELECT COUNT(*)
FROM storage_snapshots
WHERE deleted_at IS NULL
    AND (:volume_id IS NULL OR volume_id = :volume_id)
    AND (:status IS NULL OR status = :status);


-- name: create_storage_snapshot(volume_id, name, size_gb, description, retention_date)<!
-- Inserts one storage snapshot; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
-- A new snapshot is Creating: complete_storage_snapshot makes it Available.
INSERT INTO storage_snapshots (
    volume_id,
    name,
    size_gb,
    description,
    retention_date
)
VALUES (
    :volume_id,
    :name,
    :size_gb,
    :description,
    :retention_date
);


-- name: update_storage_snapshot(id, expected_updated_at)!
-- Changes the given columns of storage snapshot :id and moves updated_at; returns the
-- rows matched (0: no such storage snapshot). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/storage_snapshots.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE storage_snapshots
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_storage_snapshot(id)!
-- Soft-deletes storage snapshot :id (sets deleted_at; status Deleted); returns 1, or 0 if there is no
-- such storage snapshot or it is already deleted.
UPDATE storage_snapshots
SET
    deleted_at = CURRENT_TIMESTAMP(6),
    status = 'Deleted',
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: complete_storage_snapshot(id, size_gb)!
-- Marks snapshot :id Available, with its final :size_gb when given; returns
-- the rows matched: 0 when there is no such snapshot or it is not Creating.
UPDATE storage_snapshots
SET
    status = 'Available',
    size_gb = COALESCE(:size_gb, size_gb),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status = 'Creating';


-- name: fail_storage_snapshot(id)!
-- Marks snapshot :id, which could not be taken, Deleted (the table has no
-- failed status); returns the rows matched: 0 when there is no such snapshot
-- or it is not Creating.
UPDATE storage_snapshots
SET
    status = 'Deleted',
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status = 'Creating';


-- name: list_volume_snapshots(volume_id)
-- Returns every snapshot of volume :volume_id that is not deleted, oldest
-- first (the unique key (volume_id, name) serves the lookup).
SELECT
    id,
    volume_id,
    name,
    size_gb,
    status,
    description,
    retention_date,
    created_at,
    updated_at,
    deleted_at
FROM storage_snapshots
WHERE volume_id = :volume_id
    AND deleted_at IS NULL
ORDER BY created_at, id;
