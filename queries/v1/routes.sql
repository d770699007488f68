-- =============================================================================
-- routes.sql: routes (table routes), schema V1
-- =============================================================================
-- host + path under a domain, served by an app.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_route_by_id(id)^
-- Returns the route with id :id, or nothing if there is none.
SELECT
    id,
    domain_id,
    app_id,
    host,
    path,
    port,
    weight,
    https_only,
    internal,
    status,
    created_at,
    updated_at
FROM routes
WHERE id = :id;


-- name: list_routes(domain_id, app_id, status, limit, offset)
-- Returns one page of routes, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :domain_id, :app_id, :status.
SELECT
    id,
    domain_id,
    app_id,
    host,
    path,
    port,
    weight,
    https_only,
    internal,
    status,
    created_at,
    updated_at
FROM routes
WHERE (:domain_id IS NULL OR domain_id = :domain_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_routes(domain_id, app_id, status)$
-- Returns how many routes list_routes pages through with the same filters.
SELECT COUNT(*)
FROM routes
WHERE (:domain_id IS NULL OR domain_id = :domain_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:status IS NULL OR status = :status);


-- name: create_route(domain_id, app_id, host, path, port, weight, https_only, internal, status)<!
-- Inserts one route; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO routes (
    domain_id,
    app_id,
    host,
    path,
    port,
    weight,
    https_only,
    internal,
    status
)
VALUES (
    :domain_id,
    :app_id,
    COALESCE(:host, DEFAULT(host)),
    COALESCE(:path, DEFAULT(path)),
    :port,
    COALESCE(:weight, DEFAULT(weight)),
    COALESCE(:https_only, DEFAULT(https_only)),
    COALESCE(:internal, DEFAULT(internal)),
    COALESCE(:status, DEFAULT(status))
);


-- name: update_route(id, expected_updated_at)!
-- Changes the given columns of route :id and moves updated_at; returns the
-- rows matched (0: no such route). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE routes
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_route(id)!
-- Deletes route :id; returns 1, or 0 if there is no such route.
DELETE FROM routes
WHERE id = :id;
