-- =============================================================================
-- storage_classes.sql: storage classes (table storage_classes), schema V1
-- =============================================================================
-- Kinds of storage volumes are provisioned from (local disk, distributed,
-- geo-replicated...). The name is unique. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_storage_class_by_id(id)^
-- Returns the storage class with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    name,
    provisioner,
    reclaim_policy,
    volume_binding_mode,
    allow_volume_expansion,
    storage_type,
    default_filesystem,
    created_at,
    updated_at,
    deleted_at
FROM storage_classes
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_storage_classes(storage_type, limit, offset)
-- Returns one page of storage classes, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :storage_type.
SELECT
    id,
    name,
    provisioner,
    reclaim_policy,
    volume_binding_mode,
    allow_volume_expansion,
    storage_type,
    default_filesystem,
    created_at,
    updated_at,
    deleted_at
FROM storage_classes
WHERE deleted_at IS NULL
    AND (:storage_type IS NULL OR storage_type = :storage_type)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_storage_classes(storage_type)$
-- Returns how many storage classes list_storage_classes pages through with the same filters.
SELECT COUNT(*)
FROM storage_classes
WHERE deleted_at IS NULL
    AND (:storage_type IS NULL OR storage_type = :storage_type);


-- name: create_storage_class(name, provisioner, reclaim_policy, volume_binding_mode, allow_volume_expansion, storage_type, default_filesystem)<!
-- Inserts one storage class; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO storage_classes (
    name,
    provisioner,
    reclaim_policy,
    volume_binding_mode,
    allow_volume_expansion,
    storage_type,
    default_filesystem
)
VALUES (
    :name,
    :provisioner,
    COALESCE(:reclaim_policy, DEFAULT(reclaim_policy)),
    COALESCE(:volume_binding_mode, DEFAULT(volume_binding_mode)),
    COALESCE(:allow_volume_expansion, DEFAULT(allow_volume_expansion)),
    :storage_type,
    COALESCE(:default_filesystem, DEFAULT(default_filesystem))
);


-- name: update_storage_class(id, expected_updated_at)!
-- Changes the given columns of storage class :id and moves updated_at; returns the
-- rows matched (0: no such storage class). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/storage_classes.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE storage_classes
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_storage_class(id)!
-- Soft-deletes storage class :id (sets deleted_at); returns 1, or 0 if there is no
-- such storage class or it is already deleted.
UPDATE storage_classes
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: get_storage_class_by_name(name)^
-- Returns the storage class named :name, or nothing.
SELECT
    id,
    name,
    provisioner,
    reclaim_policy,
    volume_binding_mode,
    allow_volume_expansion,
    storage_type,
    default_filesystem,
    created_at,
    updated_at,
    deleted_at
FROM storage_classes
WHERE name = :name
    AND deleted_at IS NULL;
