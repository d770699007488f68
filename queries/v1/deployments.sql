-- =============================================================================
-- deployments.sql: deployments (table deployments), schema V1
-- =============================================================================
-- Rollouts of a build of an app.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_deployment_by_id(id)^
-- Returns the deployment with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by,
    created_at,
    updated_at
FROM deployments
WHERE id = :id;


-- name: list_deployments(app_id, build_id, status, limit, offset)
-- Returns one page of deployments, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :build_id, :status.
SELECT
    id,
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by,
    created_at,
    updated_at
FROM deployments
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:build_id IS NULL OR build_id = :build_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_deployments(app_id, build_id, status)$
-- Returns how many deployments list_deployments pages through with the same filters.
SELECT COUNT(*)
FROM deployments
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:build_id IS NULL OR build_id = :build_id)
    AND (:status IS NULL OR status = :status);


-- name: create_deployment(app_id, build_id, version, status, deployment_strategy, previous_deployment_id, canary_percentage, staged_instances, total_instances, environment_variables, annotations, labels, error_message, started_at, completed_at, deployment_duration, created_by)<!
-- Inserts one deployment; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO deployments (
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by
)
VALUES (
    :app_id,
    :build_id,
    :version,
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:deployment_strategy, DEFAULT(deployment_strategy)),
    :previous_deployment_id,
    COALESCE(:canary_percentage, DEFAULT(canary_percentage)),
    COALESCE(:staged_instances, DEFAULT(staged_instances)),
    COALESCE(:total_instances, DEFAULT(total_instances)),
    :environment_variables,
    :annotations,
    :labels,
    :error_message,
    :started_at,
    :completed_at,
    :deployment_duration,
    :created_by
);


-- name: create_deployment_returning(app_id, build_id, version, status, deployment_strategy, previous_deployment_id, canary_percentage, staged_instances, total_instances, environment_variables, annotations, labels, error_message, started_at, completed_at, deployment_duration, created_by)^
-- Inserts one deployment and returns it as stored, in one statement: MariaDB
-- 10.5+ only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_deployment plus a read-back; on MySQL it runs create_deployment. The
-- same columns and defaults as create_deployment; RETURNING lists the columns
-- of get_deployment_by_id, in its order. (sqlfluff parses MySQL, which lacks
-- RETURNING.)
INSERT INTO deployments (
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by
)
VALUES (
    :app_id,
    :build_id,
    :version,
    COALESCE(:status, DEFAULT(status)),
    COALESCE(:deployment_strategy, DEFAULT(deployment_strategy)),
    :previous_deployment_id,
    COALESCE(:canary_percentage, DEFAULT(canary_percentage)),
    COALESCE(:staged_instances, DEFAULT(staged_instances)),
    COALESCE(:total_instances, DEFAULT(total_instances)),
    :environment_variables,
    :annotations,
    :labels,
    :error_message,
    :started_at,
    :completed_at,
    :deployment_duration,
    :created_by
)
RETURNING  -- noqa: PRS
    id,
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by,
    created_at,
    updated_at;


-- name: update_deployment(id, expected_updated_at)!
-- Changes the given columns of deployment :id and moves updated_at; returns the
-- rows matched (0: no such deployment). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE deployments
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_deployment(id)!
-- Deletes deployment :id; returns 1, or 0 if there is no such deployment.
DELETE FROM deployments
WHERE id = :id;


-- name: start_deployment(id)!
-- Moves deployment :id from pending to in_progress and stamps started_at;
-- returns the rows matched (0: no such deployment, or it is not pending).
UPDATE deployments
SET
    status = 'in_progress',
    started_at = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'pending';


-- name: finish_deployment(id, status, error_message)!
-- Ends deployment :id (pending or in_progress) with :status (deployed,
-- failed or canceled): stamps completed_at and deployment_duration (whole
-- seconds since started_at). Returns the rows matched.
UPDATE deployments
SET
    status = :status,
    error_message = :error_message,
    completed_at = CURRENT_TIMESTAMP(6),
    deployment_duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status IN ('pending', 'in_progress');


-- name: list_deployments_after(after_id, app_id, status, limit)
-- Keyset pagination: returns up to :limit deployments whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by,
    created_at,
    updated_at
FROM deployments
WHERE (:after_id IS NULL OR id < :after_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: get_latest_deployment(app_id)^
-- Returns the newest deployment of app :app_id whatever its status, or
-- nothing. Served by idx_deployments_app_id (app_id, then id) read backwards.
SELECT
    id,
    app_id,
    build_id,
    version,
    status,
    deployment_strategy,
    previous_deployment_id,
    canary_percentage,
    staged_instances,
    total_instances,
    environment_variables,
    annotations,
    labels,
    error_message,
    started_at,
    completed_at,
    deployment_duration,
    created_by,
    created_at,
    updated_at
FROM deployments
WHERE app_id = :app_id
ORDER BY id DESC
LIMIT 1;
