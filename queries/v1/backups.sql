-- =============================================================================
-- backups.sql: backups (table backups), schema V1
-- =============================================================================
-- Platform, application and partial backups: what each holds and where it
-- is stored. Status: CREATING, then AVAILABLE or FAILED; DELETED once
-- removed. Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_backup_by_id(id)^
-- Returns the backup with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    creator_user_id,
    primary_app_id,
    name,
    description,
    created_by,
    backup_type,
    status,
    format_version,
    source_environment,
    encryption_method,
    encryption_key_id,
    size_bytes,
    has_system_core,
    has_directors,
    has_orchestrators,
    has_network_config,
    has_app_definitions,
    has_volume_data,
    included_apps,
    included_services,
    last_validated_at,
    last_restored_at,
    restore_target_environment,
    restore_status,
    storage_location,
    manifest_path,
    metadata,
    created_at,
    updated_at,
    deleted_at
FROM backups
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_backups(creator_user_id, primary_app_id, backup_type, status, limit, offset)
-- Returns one page of backups, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :creator_user_id, :primary_app_id, :backup_type, :status.
SELECT
    id,
    creator_user_id,
    primary_app_id,
    name,
    description,
    created_by,
    backup_type,
    status,
    format_version,
    source_environment,
    encryption_method,
    encryption_key_id,
    size_bytes,
    has_system_core,
    has_directors,
    has_orchestrators,
    has_network_config,
    has_app_definitions,
    has_volume_data,
    included_apps,
    included_services,
    last_validated_at,
    last_restored_at,
    restore_target_environment,
    restore_status,
    storage_location,
    manifest_path,
    metadata,
    created_at,
    updated_at,
    deleted_at
FROM backups
WHERE deleted_at IS NULL
    AND (:creator_user_id IS NULL OR creator_user_id = :creator_user_id)
    AND (:primary_app_id IS NULL OR primary_app_id = :primary_app_id)
    AND (:backup_type IS NULL OR backup_type = :backup_type)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_backups(creator_user_id, primary_app_id, backup_type, status)$
-- Returns how many backups list_backups pages through with the same filters.
SELECT COUNT(*)
FROM backups
WHERE deleted_at IS NULL
    AND (:creator_user_id IS NULL OR creator_user_id = :creator_user_id)
    AND (:primary_app_id IS NULL OR primary_app_id = :primary_app_id)
    AND (:backup_type IS NULL OR backup_type = :backup_type)
    AND (:status IS NULL OR status = :status);


-- name: create_backup(creator_user_id, primary_app_id, name, description, created_by, backup_type, format_version, source_environment, encryption_method, encryption_key_id, size_bytes, has_system_core, has_directors, has_orchestrators, has_network_config, has_app_definitions, has_volume_data, included_apps, included_services, storage_location, manifest_path, metadata)<!
-- Inserts one backup; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
-- This starts a backup: it is CREATING until complete_backup or fail_backup.
INSERT INTO backups (
    creator_user_id,
    primary_app_id,
    name,
    description,
    created_by,
    backup_type,
    format_version,
    source_environment,
    encryption_method,
    encryption_key_id,
    size_bytes,
    has_system_core,
    has_directors,
    has_orchestrators,
    has_network_config,
    has_app_definitions,
    has_volume_data,
    included_apps,
    included_services,
    storage_location,
    manifest_path,
    metadata
)
VALUES (
    :creator_user_id,
    :primary_app_id,
    :name,
    :description,
    :created_by,
    :backup_type,
    :format_version,
    :source_environment,
    :encryption_method,
    :encryption_key_id,
    :size_bytes,
    COALESCE(:has_system_core, DEFAULT(has_system_core)),
    COALESCE(:has_directors, DEFAULT(has_directors)),
    COALESCE(:has_orchestrators, DEFAULT(has_orchestrators)),
    COALESCE(:has_network_config, DEFAULT(has_network_config)),
    COALESCE(:has_app_definitions, DEFAULT(has_app_definitions)),
    COALESCE(:has_volume_data, DEFAULT(has_volume_data)),
    :included_apps,
    :included_services,
    :storage_location,
    :manifest_path,
    :metadata
);


-- name: update_backup(id, expected_updated_at)!
-- Changes the given columns of backup :id and moves updated_at; returns the
-- rows matched (0: no such backup). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/backups.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE backups
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_backup(id)!
-- Soft-deletes backup :id (sets deleted_at; status DELETED); returns 1, or 0 if there is no
-- such backup or it is already deleted.
UPDATE backups
SET
    deleted_at = CURRENT_TIMESTAMP(6),
    status = 'DELETED',
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_backups_after(after_id, primary_app_id, status, limit)
-- Keyset pagination: returns up to :limit backups whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    creator_user_id,
    primary_app_id,
    name,
    description,
    created_by,
    backup_type,
    status,
    format_version,
    source_environment,
    encryption_method,
    encryption_key_id,
    size_bytes,
    has_system_core,
    has_directors,
    has_orchestrators,
    has_network_config,
    has_app_definitions,
    has_volume_data,
    included_apps,
    included_services,
    last_validated_at,
    last_restored_at,
    restore_target_environment,
    restore_status,
    storage_location,
    manifest_path,
    metadata,
    created_at,
    updated_at,
    deleted_at
FROM backups
WHERE deleted_at IS NULL
    AND (:after_id IS NULL OR id < :after_id)
    AND (:primary_app_id IS NULL OR primary_app_id = :primary_app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: complete_backup(id, size_bytes, storage_location)!
-- Marks backup :id AVAILABLE with its :size_bytes (and its final
-- :storage_location, when given); returns the rows matched: 0 when there is
-- no such backup or it is not CREATING.
UPDATE backups
SET
    status = 'AVAILABLE',
    size_bytes = :size_bytes,
    storage_location = COALESCE(:storage_location, storage_location),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status = 'CREATING';


-- name: fail_backup(id, error_message)!
-- Marks backup :id FAILED, keeping :error_message (when given) under "error"
-- in its metadata; returns the rows matched: 0 when there is no such backup
-- or it is not CREATING.
UPDATE backups
SET
    status = 'FAILED',
    metadata = CASE
        WHEN :error_message IS NULL THEN metadata
        ELSE JSON_SET(COALESCE(metadata, JSON_OBJECT()), '$.error', :error_message)
    END,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND status = 'CREATING';


-- name: list_org_backups(org_id, after_id, limit)
-- Keyset pagination over the backups of org :org_id's apps (primary_app_id):
-- up to :limit backups whose id is below :after_id (NULL: the newest first).
-- Apps are entered by their org_id index, their backups by primary_app_id.
SELECT
    b.id,
    b.creator_user_id,
    b.primary_app_id,
    b.name,
    b.description,
    b.created_by,
    b.backup_type,
    b.status,
    b.format_version,
    b.source_environment,
    b.encryption_method,
    b.encryption_key_id,
    b.size_bytes,
    b.has_system_core,
    b.has_directors,
    b.has_orchestrators,
    b.has_network_config,
    b.has_app_definitions,
    b.has_volume_data,
    b.included_apps,
    b.included_services,
    b.last_validated_at,
    b.last_restored_at,
    b.restore_target_environment,
    b.restore_status,
    b.storage_location,
    b.manifest_path,
    b.metadata,
    b.created_at,
    b.updated_at,
    b.deleted_at
FROM backups AS b
INNER JOIN apps AS a
    ON b.primary_app_id = a.id
WHERE a.org_id = :org_id
    AND b.deleted_at IS NULL
    AND (:after_id IS NULL OR b.id < :after_id)
ORDER BY b.id DESC
LIMIT :limit;
