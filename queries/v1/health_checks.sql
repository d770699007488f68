-- =============================================================================
-- health_checks.sql: health checks (table health_checks), schema V1
-- =============================================================================
-- How an app's instances are checked for health: type, endpoint, thresholds.
-- Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_health_check_by_id(id)^
-- Returns the health check with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    app_id,
    type,
    endpoint,
    timeout,
    check_interval,
    healthy_threshold,
    unhealthy_threshold,
    port,
    protocol,
    http_status_codes,
    response_body_regex,
    follow_redirects,
    initial_delay_seconds,
    created_at,
    updated_at,
    deleted_at
FROM health_checks
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_health_checks(app_id, type, limit, offset)
-- Returns one page of health checks, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :type.
SELECT
    id,
    app_id,
    type,
    endpoint,
    timeout,
    check_interval,
    healthy_threshold,
    unhealthy_threshold,
    port,
    protocol,
    http_status_codes,
    response_body_regex,
    follow_redirects,
    initial_delay_seconds,
    created_at,
    updated_at,
    deleted_at
FROM health_checks
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:type IS NULL OR type = :type)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_health_checks(app_id, type)$
-- Returns how many health checks list_health_checks pages through with the same filters.
SELECT COUNT(*)
FROM health_checks
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:type IS NULL OR type = :type);


-- name: create_health_check(app_id, type, endpoint, timeout, check_interval, healthy_threshold, unhealthy_threshold, port, protocol, http_status_codes, response_body_regex, follow_redirects, initial_delay_seconds)<!
-- Inserts one health check; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO health_checks (
    app_id,
    type,
    endpoint,
    timeout,
    check_interval,
    healthy_threshold,
    unhealthy_threshold,
    port,
    protocol,
    http_status_codes,
    response_body_regex,
    follow_redirects,
    initial_delay_seconds
)
VALUES (
    :app_id,
    COALESCE(:type, DEFAULT(type)),
    :endpoint,
    COALESCE(:timeout, DEFAULT(timeout)),
    COALESCE(:check_interval, DEFAULT(check_interval)),
    COALESCE(:healthy_threshold, DEFAULT(healthy_threshold)),
    COALESCE(:unhealthy_threshold, DEFAULT(unhealthy_threshold)),
    :port,
    COALESCE(:protocol, DEFAULT(protocol)),
    COALESCE(:http_status_codes, DEFAULT(http_status_codes)),
    :response_body_regex,
    COALESCE(:follow_redirects, DEFAULT(follow_redirects)),
    COALESCE(:initial_delay_seconds, DEFAULT(initial_delay_seconds))
);


-- name: update_health_check(id, expected_updated_at)!
-- Changes the given columns of health check :id and moves updated_at; returns the
-- rows matched (0: no such health check). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/health_checks.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE health_checks
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_health_check(id)!
-- Soft-deletes health check :id (sets deleted_at); returns 1, or 0 if there is no
-- such health check or it is already deleted.
UPDATE health_checks
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_health_checks_after(after_id, app_id, limit)
-- Keyset pagination: returns up to :limit health checks whose id is below :after_id
-- (the last id of the previous page; NULL for the first page), newest first.
-- Unlike LIMIT ... OFFSET, a deep page costs what the first one does: the
-- primary key, or the index of the filter (InnoDB appends id to it), is
-- entered at :after_id instead of counting past the rows before it.
SELECT
    id,
    app_id,
    type,
    endpoint,
    timeout,
    check_interval,
    healthy_threshold,
    unhealthy_threshold,
    port,
    protocol,
    http_status_codes,
    response_body_regex,
    follow_redirects,
    initial_delay_seconds,
    created_at,
    updated_at,
    deleted_at
FROM health_checks
WHERE deleted_at IS NULL
    AND (:after_id IS NULL OR id < :after_id)
    AND (:app_id IS NULL OR app_id = :app_id)
ORDER BY id DESC
LIMIT :limit;


-- name: list_health_checks_of_app(app_id)
-- Returns every live health check of app :app_id, oldest first
-- (idx_health_checks_app_id, then id).
SELECT
    id,
    app_id,
    type,
    endpoint,
    timeout,
    check_interval,
    healthy_threshold,
    unhealthy_threshold,
    port,
    protocol,
    http_status_codes,
    response_body_regex,
    follow_redirects,
    initial_delay_seconds,
    created_at,
    updated_at,
    deleted_at
FROM health_checks
WHERE app_id = :app_id
    AND deleted_at IS NULL
ORDER BY id;
