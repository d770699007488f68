-- =============================================================================
-- data_services.sql: data services (table data_services), schema V1
-- =============================================================================
-- Managed data services of a region: databases, caches, queues... Soft-
-- deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_data_service_by_id(id)^
-- Returns the data service with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    region_id,
    name,
    display_name,
    service_type,
    service_subtype,
    status,
    version,
    plan,
    tier,
    is_highly_available,
    backup_enabled,
    backup_retention_days,
    encryption_at_rest,
    connection_string,
    endpoint,
    created_at,
    updated_at,
    deleted_at
FROM data_services
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_data_services(region_id, service_type, status, limit, offset)
-- Returns one page of data services, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :region_id, :service_type, :status.
SELECT
    id,
    region_id,
    name,
    display_name,
    service_type,
    service_subtype,
    status,
    version,
    plan,
    tier,
    is_highly_available,
    backup_enabled,
    backup_retention_days,
    encryption_at_rest,
    connection_string,
    endpoint,
    created_at,
    updated_at,
    deleted_at
FROM data_services
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:service_type IS NULL OR service_type = :service_type)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_data_services(region_id, service_type, status)$
-- Returns how many data services list_data_services pages through with the same filters.
SELECT COUNT(*)
FROM data_services
WHERE deleted_at IS NULL
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:service_type IS NULL OR service_type = :service_type)
    AND (:status IS NULL OR status = :status);


-- name: create_data_service(region_id, name, display_name, service_type, service_subtype, status, version, plan, tier, is_highly_available, backup_enabled, backup_retention_days, encryption_at_rest, connection_string, endpoint)<!
-- Inserts one data service; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO data_services (
    region_id,
    name,
    display_name,
    service_type,
    service_subtype,
    status,
    version,
    plan,
    tier,
    is_highly_available,
    backup_enabled,
    backup_retention_days,
    encryption_at_rest,
    connection_string,
    endpoint
)
VALUES (
    :region_id,
    :name,
    :display_name,
    :service_type,
    :service_subtype,
    COALESCE(:status, DEFAULT(status)),
    :version,
    :plan,
    COALESCE(:tier, DEFAULT(tier)),
    COALESCE(:is_highly_available, DEFAULT(is_highly_available)),
    COALESCE(:backup_enabled, DEFAULT(backup_enabled)),
    COALESCE(:backup_retention_days, DEFAULT(backup_retention_days)),
    COALESCE(:encryption_at_rest, DEFAULT(encryption_at_rest)),
    :connection_string,
    :endpoint
);


-- name: update_data_service(id, expected_updated_at)!
-- Changes the given columns of data service :id and moves updated_at; returns the
-- rows matched (0: no such data service). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/data_services.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE data_services
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_data_service(id)!
-- Soft-deletes data service :id (sets deleted_at); returns 1, or 0 if there is no
-- such data service or it is already deleted.
UPDATE data_services
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
