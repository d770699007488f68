-- =============================================================================
-- builds.sql: builds (table builds), schema V1
-- =============================================================================
-- Builds of an app's source into a runnable artifact.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_build_by_id(id)^
-- Returns the build with id :id, or nothing if there is none.
SELECT
    id,
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration,
    created_at,
    updated_at
FROM builds
WHERE id = :id;


-- name: list_builds(app_id, status, limit, offset)
-- Returns one page of builds, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :status.
SELECT
    id,
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration,
    created_at,
    updated_at
FROM builds
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_builds(app_id, status)$
-- Returns how many builds list_builds pages through with the same filters.
SELECT COUNT(*)
FROM builds
WHERE (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status);


-- name: create_build(app_id, source_version, commit_sha, commit_message, author, status, build_pack_used, build_pack_url, build_pack_version, build_image, build_arguments, build_environment, build_cache_key, log_url, artifact_url, artifact_checksum, artifact_size, error_message, started_at, completed_at, build_duration)<!
-- Inserts one build; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO builds (
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration
)
VALUES (
    :app_id,
    :source_version,
    :commit_sha,
    :commit_message,
    :author,
    COALESCE(:status, DEFAULT(status)),
    :build_pack_used,
    :build_pack_url,
    :build_pack_version,
    :build_image,
    :build_arguments,
    :build_environment,
    :build_cache_key,
    :log_url,
    :artifact_url,
    :artifact_checksum,
    :artifact_size,
    :error_message,
    :started_at,
    :completed_at,
    :build_duration
);


-- name: create_build_returning(app_id, source_version, commit_sha, commit_message, author, status, build_pack_used, build_pack_url, build_pack_version, build_image, build_arguments, build_environment, build_cache_key, log_url, artifact_url, artifact_checksum, artifact_size, error_message, started_at, completed_at, build_duration)^
-- Inserts one build and returns it as stored, in one statement: MariaDB 10.5+
-- only (INSERT ... RETURNING). omnidb runs it on MariaDB instead of
-- create_build plus a read-back; on MySQL it runs create_build. The same
-- columns and defaults as create_build; RETURNING lists the columns of
-- get_build_by_id, in its order. (sqlfluff parses MySQL, which lacks
-- RETURNING.)
INSERT INTO builds (
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration
)
VALUES (
    :app_id,
    :source_version,
    :commit_sha,
    :commit_message,
    :author,
    COALESCE(:status, DEFAULT(status)),
    :build_pack_used,
    :build_pack_url,
    :build_pack_version,
    :build_image,
    :build_arguments,
    :build_environment,
    :build_cache_key,
    :log_url,
    :artifact_url,
    :artifact_checksum,
    :artifact_size,
    :error_message,
    :started_at,
    :completed_at,
    :build_duration
)
RETURNING  -- noqa: PRS
    id,
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration,
    created_at,
    updated_at;


-- name: update_build(id, expected_updated_at)!
-- Changes the given columns of build :id and moves updated_at; returns the
-- rows matched (0: no such build). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE builds
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_build(id)!
-- Deletes build :id; returns 1, or 0 if there is no such build.
DELETE FROM builds
WHERE id = :id;


-- name: start_build(id)!
-- Moves build :id from pending to building and stamps started_at; returns
-- the rows matched (0: no such build, or it is not pending).
UPDATE builds
SET
    status = 'building',
    started_at = CURRENT_TIMESTAMP(6),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status = 'pending';


-- name: finish_build(id, status, error_message, artifact_url, artifact_checksum, artifact_size)!
-- Ends build :id (pending or building) with :status (succeeded, failed or
-- canceled): stamps completed_at and build_duration (whole seconds since
-- started_at; NULL if it never started). Returns the rows matched.
UPDATE builds
SET
    status = :status,
    error_message = :error_message,
    artifact_url = COALESCE(:artifact_url, artifact_url),
    artifact_checksum = COALESCE(:artifact_checksum, artifact_checksum),
    artifact_size = COALESCE(:artifact_size, artifact_size),
    completed_at = CURRENT_TIMESTAMP(6),
    build_duration = TIMESTAMPDIFF(SECOND, started_at, CURRENT_TIMESTAMP(6)),
    updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND status IN ('pending', 'building');


-- name: list_builds_after(after_id, app_id, status, limit)
-- Keyset pagination: returns up to :limit builds whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration,
    created_at,
    updated_at
FROM builds
WHERE (:after_id IS NULL OR id < :after_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit;


-- name: get_latest_successful_build(app_id)^
-- Returns the newest build of app :app_id that succeeded, or nothing. The
-- index idx_builds_app_id (app_id, and InnoDB's id after it) is read
-- backwards from the newest build of the app.
SELECT
    id,
    app_id,
    source_version,
    commit_sha,
    commit_message,
    author,
    status,
    build_pack_used,
    build_pack_url,
    build_pack_version,
    build_image,
    build_arguments,
    build_environment,
    build_cache_key,
    log_url,
    artifact_url,
    artifact_checksum,
    artifact_size,
    error_message,
    started_at,
    completed_at,
    build_duration,
    created_at,
    updated_at
FROM builds
WHERE app_id = :app_id
    AND status = 'succeeded'
ORDER BY id DESC
LIMIT 1;
