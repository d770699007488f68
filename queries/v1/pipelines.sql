-- =============================================================================
-- pipelines.sql: pipelines (table pipelines), schema V1
-- =============================================================================
-- An app's delivery pipelines (stages as JSON). Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_pipeline_by_id(id)^
-- Returns the pipeline with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    app_id,
    name,
    description,
    status,
    stages,
    created_by,
    updated_by,
    created_at,
    updated_at,
    deleted_at
FROM pipelines
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_pipelines(app_id, status, limit, offset)
-- Returns one page of pipelines, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :status.
SELECT
    id,
    app_id,
    name,
    description,
    status,
    stages,
    created_by,
    updated_by,
    created_at,
    updated_at,
    deleted_at
FROM pipelines
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_pipelines(app_id, status)$
-- Returns how many pipelines list_pipelines pages through with the same filters.
SELECT COUNT(*)
FROM pipelines
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status);


-- name: create_pipeline(app_id, name, description, status, stages, created_by, updated_by)<!
-- Inserts one pipeline; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO pipelines (
    app_id,
    name,
    description,
    status,
    stages,
    created_by,
    updated_by
)
VALUES (
    :app_id,
    :name,
    :description,
    COALESCE(:status, DEFAULT(status)),
    :stages,
    :created_by,
    :updated_by
);


-- name: update_pipeline(id, expected_updated_at)!
-- Changes the given columns of pipeline :id and moves updated_at; returns the
-- rows matched (0: no such pipeline). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/pipelines.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE pipelines
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_pipeline(id)!
-- Soft-deletes pipeline :id (sets deleted_at); returns 1, or 0 if there is no
-- such pipeline or it is already deleted.
UPDATE pipelines
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
