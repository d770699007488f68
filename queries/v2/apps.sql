-- =============================================================================
-- apps.sql: apps (table apps), schema V2
-- =============================================================================
-- The applications the orchestrator deploys; V2 adds app_type and
-- feature_id. An app's name is unique within its org. Soft-deletable.
-- Only the queries whose SQL V2 changed (they read or write the new columns);
-- the others (update_app, delete_app, set_app_status, scale_app,
-- set_app_maintenance_mode) run from queries/v1/apps.sql unchanged.
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
    deleted_at,
    app_type,
    feature_id
FROM apps
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_apps(org_id, space_id, region_id, status, app_type, feature_id, limit, offset)
-- Returns one page of apps, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :space_id, :region_id, :status, :app_type, :feature_id.
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
    deleted_at,
    app_type,
    feature_id
FROM apps
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:space_id IS NULL OR space_id = :space_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status)
    AND (:app_type IS NULL OR app_type = :app_type)
    AND (:feature_id IS NULL OR feature_id = :feature_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_apps(org_id, space_id, region_id, status, app_type, feature_id)$
-- Returns how many apps list_apps pages through with the same filters.
SELECT COUNT(*)
FROM apps
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:space_id IS NULL OR space_id = :space_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:status IS NULL OR status = :status)
    AND (:app_type IS NULL OR app_type = :app_type)
    AND (:feature_id IS NULL OR feature_id = :feature_id);


-- name: create_app(org_id, space_id, region_id, default_allocation_id, name, display_name, git_repo, git_branch, git_credentials_id, container_image_url, container_registry_credentials_id, buildpack_url, runtime, instances, health_check_type, health_check_endpoint, health_check_interval, health_check_timeout, health_check_retries, restart_policy, status, maintenance_mode, auto_scaling_enabled, deployment_strategy, canary_percentage, idle_timeout, max_concurrent_builds, labels, annotations, app_type, feature_id)<!
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
    annotations,
    app_type,
    feature_id
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
    :annotations,
    COALESCE(:app_type, DEFAULT(app_type)),
    :feature_id
);


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
    deleted_at,
    app_type,
    feature_id
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
    deleted_at,
    app_type,
    feature_id
FROM apps
WHERE deleted_at IS NULL
    AND (:after_id IS NULL OR id < :after_id)
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: create_apps_bulk(org_id, space_id, region_id, name, display_name, git_repo, container_image_url, labels, app_type, feature_id)*!
-- Inserts many apps at once; returns the rows inserted. PyMySQL's
-- executemany folds the rows into multi-row INSERTs of up to 1 MB each, which
-- is why the VALUES list holds plain parameters only (no expressions).
-- Columns left out take their defaults (git_branch 'main', instances 1,
-- status 'stopped', maintenance_mode 0). app_type is NOT NULL and listed here,
-- so a row without it would send NULL: omnidb binds its default, 'standard',
-- instead (Bulk.defaults in omnidb/v2/declarations.py, checked by a test).
INSERT INTO apps (
    org_id,
    space_id,
    region_id,
    name,
    display_name,
    git_repo,
    container_image_url,
    labels,
    app_type,
    feature_id
)
VALUES (:org_id, :space_id, :region_id, :name, :display_name,
:git_repo, :container_image_url, :labels, :app_type, :feature_id);


-- name: load_apps_bulk(path)!
-- Loads many apps from the file at :path, which load_apps writes
-- (omnidb/loading.py); returns the rows loaded. One row per line, fields
-- tab-separated in the order of create_apps_bulk's columns, \N for NULL,
-- backslash escapes. Columns left out take their defaults, as in
-- create_apps_bulk (app_type written as 'standard' by omnidb, as there).
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
    labels,
    app_type,
    feature_id
);


-- name: create_app_returning(org_id, space_id, region_id, default_allocation_id, name, display_name, git_repo, git_branch, git_credentials_id, container_image_url, container_registry_credentials_id, buildpack_url, runtime, instances, health_check_type, health_check_endpoint, health_check_interval, health_check_timeout, health_check_retries, restart_policy, status, maintenance_mode, auto_scaling_enabled, deployment_strategy, canary_percentage, idle_timeout, max_concurrent_builds, labels, annotations, app_type, feature_id)^
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
    annotations,
    app_type,
    feature_id
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
    :annotations,
    COALESCE(:app_type, DEFAULT(app_type)),
    :feature_id
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
    deleted_at,
    app_type,
    feature_id;


-- name: create_app_required_returning(org_id, name)^
-- Inserts one app of its required columns alone and returns it as stored.
-- Every other column takes its default, as in create_app_returning when all
-- its other parameters are NULL: the same row. omnidb runs this instead of
-- create_app_returning when a create gives nothing but these two, so the
-- server parses and fills 2 columns instead of 31 (MariaDB 10.5+ only).
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
    deleted_at,
    app_type,
    feature_id;
