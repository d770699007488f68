-- =============================================================================
-- storage_volumes.sql: storage volumes (table storage_volumes), schema V1
-- =============================================================================
-- An app's persistent volumes, in GB, on one worker. Status: Provisioned,
-- Bound, Mounted, Released, Deleting, Deleted. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_storage_volume_by_id(id)^
-- Returns the storage volume with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    app_id,
    storage_class_id,
    worker_id,
    snapshot_id,
    name,
    size_gb,
    storage_class,
    access_mode,
    status,
    encryption_enabled,
    persistence_level,
    write_concern,
    reclaim_policy,
    filesystem_type,
    mount_path,
    created_at,
    updated_at,
    deleted_at
FROM storage_volumes
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_storage_volumes(app_id, storage_class_id, worker_id, status, limit, offset)
-- Returns one page of storage volumes, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :storage_class_id, :worker_id, :status.
SELECT
    id,
    app_id,
    storage_class_id,
    worker_id,
    snapshot_id,
    name,
    size_gb,
    storage_class,
    access_mode,
    status,
    encryption_enabled,
    persistence_level,
    write_concern,
    reclaim_policy,
    filesystem_type,
    mount_path,
    created_at,
    updated_at,
    deleted_at
FROM storage_volumes
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:storage_class_id IS NULL OR storage_class_id = :storage_class_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_storage_volumes(app_id, storage_class_id, worker_id, status)$
-- Returns how many storage volumes list_storage_volumes pages through with the same filters.
SELECT COUNT(*)
FROM storage_volumes
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:storage_class_id IS NULL OR storage_class_id = :storage_class_id)
    AND (:worker_id IS NULL OR worker_id = :worker_id)
    AND (:status IS NULL OR status = :status);


-- name: create_storage_volume(app_id, storage_class_id, worker_id, snapshot_id, name, size_gb, storage_class, access_mode, encryption_enabled, persistence_level, write_concern, reclaim_policy, filesystem_type)<!
-- Inserts one storage volume; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
-- A new volume is Provisioned and not mounted: attach_storage_volume mounts it.
INSERT INTO storage_volumes (
    app_id,
    storage_class_id,
    worker_id,
    snapshot_id,
    name,
    size_gb,
    storage_class,
    access_mode,
    encryption_enabled,
    persistence_level,
    write_concern,
    reclaim_policy,
    filesystem_type
)
VALUES (
    :app_id,
    :storage_class_id,
    :worker_id,
    :snapshot_id,
    :name,
    :size_gb,
    COALESCE(:storage_class, DEFAULT(storage_class)),
    COALESCE(:access_mode, DEFAULT(access_mode)),
    COALESCE(:encryption_enabled, DEFAULT(encryption_enabled)),
    COALESCE(:persistence_level, DEFAULT(persistence_level)),
    COALESCE(:write_concern, DEFAULT(write_concern)),
    COALESCE(:reclaim_policy, DEFAULT(reclaim_policy)),
    COALESCE(:filesystem_type, DEFAULT(filesystem_type))
);


-- name: update_storage_volume(id, expected_updated_at)!
-- Changes the given columns of storage volume :id and moves updated_at; returns the
-- rows matched (0: no such storage volume). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/storage_volumes.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE storage_volumes
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_storage_volume(id)!
-- Soft-deletes storage volume :id (sets deleted_at; status Deleted); returns 1, or 0 if there is no
-- such storage volume or it is already deleted.
UPDATE storage_volumes
SET
    deleted_at = CURRENT_TIMESTAMP(6),
    status = 'Deleted',
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: attach_storage_volume(id, worker_id, mount_path)!
-- Mounts volume :id at :mount_path on worker :worker_id (status Mounted);
-- returns the rows matched: 0 when there is no such volume or it is not
-- Provisioned, Bound or Released.
UPDATE storage_volumes
SET
    status = 'Mounted',
    worker_id = :worker_id,
    mount_path = :mount_path,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status IN ('Provisioned', 'Bound', 'Released');


-- name: detach_storage_volume(id)!
-- Unmounts volume :id (status Released, mount_path NULL); returns the rows
-- matched: 0 when there is no such volume or it is not Mounted.
UPDATE storage_volumes
SET
    status = 'Released',
    mount_path = NULL,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status = 'Mounted';


-- name: lock_storage_volume(id)^
-- Returns volume :id and locks it until the transaction ends (a snapshot is
-- taken of a volume whose status cannot change meanwhile), or nothing if
-- there is none or it is deleted.
SELECT
    id,
    app_id,
    storage_class_id,
    worker_id,
    snapshot_id,
    name,
    size_gb,
    storage_class,
    access_mode,
    status,
    encryption_enabled,
    persistence_level,
    write_concern,
    reclaim_policy,
    filesystem_type,
    mount_path,
    created_at,
    updated_at,
    deleted_at
FROM storage_volumes
WHERE id = :id
    AND deleted_at IS NULL
FOR UPDATE;
