-- =============================================================================
-- apps.sql: apps (table apps), schema V1
-- =============================================================================
-- The applications the orchestrator deploys. An app's name is unique within
-- its org. Soft-deletable.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_app_by_id(id)^
-- Returns the app with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at
FROM apps
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_apps(org_id, space_id, region_id, status, limit, offset)
-- Returns one page of apps, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :space_id, :region_id, :status.
SELECT
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at
FROM apps
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:space_id IS NULL OR space_id = :space_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_apps(org_id, space_id, region_id, status)$
-- Returns how many apps list_apps pages through with the same filters.
SELECT COUNT(*)
FROM apps
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:space_id IS NULL OR space_id = :space_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status);


-- name: create_app(org_id, space_id, region_id, default_allocation_id, name, display_name, git_repo, git_branch, git_credentials_id, container_image_url, container_registry_credentials_id, buildpack_url, runtime, instances, health_check_type, health_check_endpoint, health_check_interval, health_check_timeout, health_check_retries, restart_policy, status, maintenance_mode, auto_scaling_enabled, deployment_strategy, canary_percentage, idle_timeout, max_concurrent_builds, labels, annotations)<!
-- Inserts one app; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO apps (
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations
)
VALUES (
    :org_id,
    :space_id,
    :region_id,
    :default_allocation_id,
    :name,
    :display_name,
    :git_repo,
    COALESCE(:git_branch, DEFAULT(git_branch)),
    :git_credentials_id,
    :container_image_url,
    :container_registry_credentials_id,
    :buildpack_url,
    :runtime,
    COALESCE(:instances, DEFAULT(instances)),
    COALESCE(:health_check_type, DEFAULT(health_check_type)),
    :health_check_endpoint,
    COALESCE(:health_check_interval, DEFAULT(health_check_interval)),
    COALESCE(:health_check_timeout, DEFAULT(health_check_timeout)),
    COALESCE(:health_check_retries, DEFAULT(health_check_retries)),
    COALESCE(:restart_policy, DEFAULT(restart_policy)),
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:maintenance_mode, DEFAULT(maintenance_mode)),
    COALESCE(:auto_scaling_enabled, DEFAULT(auto_scaling_enabled)),
    COALESCE(:deployment_strategy, DEFAULT(deployment_strategy)),
    COALESCE(:canary_percentage, DEFAULT(canary_percentage)),
    COALESCE(:idle_timeout, DEFAULT(idle_timeout)),
    COALESCE(:max_concurrent_builds, DEFAULT(max_concurrent_builds)),
    :labels,
    :annotations
);


-- name: update_app(id, expected_updated_at)!
-- Changes the given columns of app :id and moves updated_at; returns the
-- rows matched (0: no such app). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE apps
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_app(id)!
-- Soft-deletes app :id (sets deleted_at); returns 1, or 0 if there is no
-- such app or it is already deleted.
UPDATE apps
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: set_app_status(id, status)!
-- Sets the status of app :id (start_app, stop_app...); returns the rows
-- matched (0: no such app).
UPDATE apps
SET
    status = :status,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: scale_app(id, instances)!
-- Sets the desired instance count of app :id; returns the rows matched.
UPDATE apps
SET
    instances = :instances,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: set_app_maintenance_mode(id, enabled)!
-- Turns maintenance mode of app :id on (1) or off (0); returns the rows
-- matched.
UPDATE apps
SET
    maintenance_mode = :enabled,
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: get_app_by_name(org_id, name)^
-- Returns the app named :name in org :org_id, or nothing.
SELECT
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at
FROM apps
WHERE org_id = :org_id
    AND name = :name
    AND deleted_at IS NULL;


-- name: list_apps_after(after_id, org_id, status, limit)
-- Keyset pagination: returns up to :limit apps whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at
FROM apps
WHERE deleted_at IS NULL
    AND (:after_id IS NULL OR id < :after_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: create_apps_bulk(org_id, space_id, region_id, name, display_name, git_repo, container_image_url, labels)*!
-- Inserts many apps at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
-- Columns left out take their defaults (git_branch 'main', instances 1,
-- status 'stopped', maintenance_mode 0).
INSERT INTO apps (
    org_id,
    space_id,
    region_id,
    name,
    display_name,
    git_repo,
    container_image_url,
    labels
)
VALUES (:org_id, :space_id, :region_id, :name, :display_name,
:git_repo, :container_image_url, :labels);


-- name: load_apps_bulk(path)!
-- Loads many apps from the file at :path, which load_apps writes
-- (omnidb/loading.py); returns the rows loaded. One row per line, fields
-- tab-separated in the order of create_apps_bulk's columns, \N for NULL,
-- backslash escapes. Columns left out take their defaults, as in
-- create_apps_bulk.
LOAD DATA LOCAL INFILE :path
INTO TABLE apps
CHARACTER SET utf8mb4
FIELDS TERMINATED BY '\t' ESCAPED BY '\\'
LINES TERMINATED BY '\n'
(
    org_id,
    space_id,
    region_id,
    name,
    display_name,
    git_repo,
    container_image_url,
    labels
);


-- name: lock_app(id)$
-- Returns :id if app :id exists and is not deleted, holding a lock on its row
-- until the transaction ends (FOR UPDATE): a write that must see the app's
-- children unchanged while it checks them (record_rollback) takes it first,
-- so two such writes run one after the other. Nothing if there is no such app.
SELECT id
FROM apps
WHERE id = :id
    AND deleted_at IS NULL
FOR UPDATE;


-- name: create_app_returning(org_id, space_id, region_id, default_allocation_id, name, display_name, git_repo, git_branch, git_credentials_id, container_image_url, container_registry_credentials_id, buildpack_url, runtime, instances, health_check_type, health_check_endpoint, health_check_interval, health_check_timeout, health_check_retries, restart_policy, status, maintenance_mode, auto_scaling_enabled, deployment_strategy, canary_percentage, idle_timeout, max_concurrent_builds, labels, annotations)^
-- Inserts one app and returns it as stored, in one statement: MariaDB 10.5+
-- only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_app plus a read-back; on MySQL it runs create_app. The same columns
-- and defaults as create_app. (sqlfluff parses MySQL, which lacks RETURNING.)
INSERT INTO apps (
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations
)
VALUES (
    :org_id,
    :space_id,
    :region_id,
    :default_allocation_id,
    :name,
    :display_name,
    :git_repo,
    COALESCE(:git_branch, DEFAULT(git_branch)),
    :git_credentials_id,
    :container_image_url,
    :container_registry_credentials_id,
    :buildpack_url,
    :runtime,
    COALESCE(:instances, DEFAULT(instances)),
    COALESCE(:health_check_type, DEFAULT(health_check_type)),
    :health_check_endpoint,
    COALESCE(:health_check_interval, DEFAULT(health_check_interval)),
    COALESCE(:health_check_timeout, DEFAULT(health_check_timeout)),
    COALESCE(:health_check_retries, DEFAULT(health_check_retries)),
    COALESCE(:restart_policy, DEFAULT(restart_policy)),
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:maintenance_mode, DEFAULT(maintenance_mode)),
    COALESCE(:auto_scaling_enabled, DEFAULT(auto_scaling_enabled)),
    COALESCE(:deployment_strategy, DEFAULT(deployment_strategy)),
    COALESCE(:canary_percentage, DEFAULT(canary_percentage)),
    COALESCE(:idle_timeout, DEFAULT(idle_timeout)),
    COALESCE(:max_concurrent_builds, DEFAULT(max_concurrent_builds)),
    :labels,
    :annotations
)
RETURNING  -- noqa: PRS
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at;


-- name: create_app_required_returning(org_id, name)^
-- Inserts one app of its required columns alone and returns it as stored.
-- Every other column takes its default, as in create_app_returning when all
-- its other parameters are NULL: the same row. omnidb runs this instead of
-- create_app_returning when a create gives nothing but these two, so the
-- server parses and fills 2 columns instead of 29 (MariaDB 10.5+ only).
INSERT INTO apps (org_id, name)
VALUES (:org_id, :name)
RETURNING  -- noqa: PRS
    id,
    org_id,
    space_id,
    region_id,
    default_allocation_id,
    name,
    display_name,
    git_repo,
    git_branch,
    git_credentials_id,
    container_image_url,
    container_registry_credentials_id,
    buildpack_url,
    runtime,
    instances,
    health_check_type,
    health_check_endpoint,
    health_check_interval,
    health_check_timeout,
    health_check_retries,
    restart_policy,
    status,
    maintenance_mode,
    auto_scaling_enabled,
    deployment_strategy,
    canary_percentage,
    idle_timeout,
    max_concurrent_builds,
    labels,
    annotations,
    created_at,
    updated_at,
    deleted_at;
