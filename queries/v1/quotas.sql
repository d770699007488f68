-- =============================================================================
-- quotas.sql: quotas (table quotas), schema V1
-- =============================================================================
-- Limits of an org: memory, instances, routes, services, builds. Soft-
-- deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_quota_by_id(id)^
-- Returns the quota with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    org_id,
    name,
    memory_limit,
    cpu_limit,
    disk_limit,
    instance_limit,
    routes_limit,
    services_limit,
    buildpack_limit,
    domains_limit,
    allow_paid_services,
    concurrent_builds_limit,
    created_at,
    updated_at,
    deleted_at
FROM quotas
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_quotas(org_id, limit, offset)
-- Returns one page of quotas, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id.
SELECT
    id,
    org_id,
    name,
    memory_limit,
    cpu_limit,
    disk_limit,
    instance_limit,
    routes_limit,
    services_limit,
    buildpack_limit,
    domains_limit,
    allow_paid_services,
    concurrent_builds_limit,
    created_at,
    updated_at,
    deleted_at
FROM quotas
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_quotas(org_id)$
-- Returns how many quotas list_quotas pages through with the same filters.
SELECT COUNT(*)
FROM quotas
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id);


-- name: create_quota(org_id, name, memory_limit, cpu_limit, disk_limit, instance_limit, routes_limit, services_limit, buildpack_limit, domains_limit, allow_paid_services, concurrent_builds_limit)<!
-- Inserts one quota; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO quotas (
    org_id,
    name,
    memory_limit,
    cpu_limit,
    disk_limit,
    instance_limit,
    routes_limit,
    services_limit,
    buildpack_limit,
    domains_limit,
    allow_paid_services,
    concurrent_builds_limit
)
VALUES (
    :org_id,
    :name,
    :memory_limit,
    :cpu_limit,
    :disk_limit,
    :instance_limit,
    :routes_limit,
    :services_limit,
    :buildpack_limit,
    :domains_limit,
    COALESCE(:allow_paid_services, DEFAULT(allow_paid_services)),
    COALESCE(:concurrent_builds_limit, DEFAULT(concurrent_builds_limit))
);


-- name: update_quota(id, expected_updated_at)!
-- Changes the given columns of quota :id and moves updated_at; returns the
-- rows matched (0: no such quota). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/quotas.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE quotas
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_quota(id)!
-- Soft-deletes quota :id (sets deleted_at); returns 1, or 0 if there is no
-- such quota or it is already deleted.
UPDATE quotas
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: get_quota_of_org(org_id)^
-- Returns the quota that applies to org :org_id: its newest live one, or
-- nothing if it has none.
SELECT
    id,
    org_id,
    name,
    memory_limit,
    cpu_limit,
    disk_limit,
    instance_limit,
    routes_limit,
    services_limit,
    buildpack_limit,
    domains_limit,
    allow_paid_services,
    concurrent_builds_limit,
    created_at,
    updated_at,
    deleted_at
FROM quotas
WHERE org_id = :org_id
    AND deleted_at IS NULL
ORDER BY id DESC
LIMIT 1;


-- name: get_org_usage(org_id)^
-- Returns what org :org_id uses of what quotas limit, one row: its live apps;
-- instances that hold resources (not stopped, terminated or crashed) and the
-- memory (MB), cores and disk (MB) of their allocations (the instance's own,
-- else its app's default; none counts 0); routes and service bindings of its
-- apps; its live domains; and its builds now building.
-- (noqa RF02: sqlfluff takes the parameter :org_id for a column.)
SELECT
    (
        SELECT COUNT(*)
        FROM apps AS a
        WHERE a.org_id = :org_id  -- noqa: RF02
            AND a.deleted_at IS NULL
    ) AS apps,
    COUNT(held.id) AS instances,
    COALESCE(SUM(held.memory), 0) AS memory_mb,
    COALESCE(SUM(held.cpu), 0) AS cpu,
    COALESCE(SUM(held.disk), 0) AS disk_mb,
    (
        SELECT COUNT(*)
        FROM routes AS r
        INNER JOIN apps AS a ON a.id = r.app_id
        WHERE a.org_id = :org_id  -- noqa: RF02
            AND a.deleted_at IS NULL
    ) AS routes,
    (
        SELECT COUNT(*)
        FROM service_bindings AS sb
        INNER JOIN apps AS a ON a.id = sb.app_id
        WHERE a.org_id = :org_id  -- noqa: RF02
            AND a.deleted_at IS NULL
            AND sb.status <> 'deleted'
    ) AS services,
    (
        SELECT COUNT(*)
        FROM domains AS d
        WHERE d.org_id = :org_id  -- noqa: RF02
            AND d.deleted_at IS NULL
    ) AS domains,
    (
        SELECT COUNT(*)
        FROM builds AS b
        INNER JOIN apps AS a ON a.id = b.app_id
        WHERE a.org_id = :org_id  -- noqa: RF02
            AND a.deleted_at IS NULL
            AND b.status = 'building'
    ) AS builds_running
FROM (
    SELECT
        i.id,
        al.memory,
        al.cpu,
        al.disk
    FROM instances AS i
    INNER JOIN apps AS a ON a.id = i.app_id
    LEFT JOIN allocations AS al ON al.id = COALESCE(i.allocation_id, a.default_allocation_id)
    WHERE a.org_id = :org_id  -- noqa: RF02
        AND a.deleted_at IS NULL
        AND i.status NOT IN ('stopped', 'terminated', 'crashed')
) AS held;
