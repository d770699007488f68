-- =============================================================================
-- allocations.sql: allocations (table allocations), schema V1
-- =============================================================================
-- Resource plans an app's instances get: cores, MB, Mbps, and price.
-- Conventions (names, filters, defaults, the update template): queries/README.md.
-- =============================================================================


-- name: get_allocation_by_id(id)^
-- Returns the allocation with id :id, or nothing if there is none.
SELECT
    id,
    name,
    cpu,
    memory,
    uplink,
    downlink,
    disk,
    price_per_hour,
    created_at,
    updated_at
FROM allocations
WHERE id = :id;


-- name: list_allocations(limit, offset)
-- Returns one page of allocations, newest first (by id: ids grow with created_at, and are unique).
SELECT
    id,
    name,
    cpu,
    memory,
    uplink,
    downlink,
    disk,
    price_per_hour,
    created_at,
    updated_at
FROM allocations
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_allocations()$
-- Returns how many allocations list_allocations pages through with the same filters.
SELECT COUNT(*)
FROM allocations;


-- name: create_allocation(name, cpu, memory, uplink, downlink, disk, price_per_hour)<!
-- Inserts one allocation; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO allocations (
    name,
    cpu,
    memory,
    uplink,
    downlink,
    disk,
    price_per_hour
)
VALUES (
    :name,
    :cpu,
    :memory,
    :uplink,
    :downlink,
    :disk,
    COALESCE(:price_per_hour, DEFAULT(price_per_hour))
);


-- name: update_allocation(id, expected_updated_at)!
-- Changes the given columns of allocation :id and moves updated_at; returns the
-- rows matched (0: no such allocation). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one from the updatable columns its declaration lists
-- (omnidb/v1/declarations.py).
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE allocations
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_allocation(id)!
-- Deletes allocation :id; returns 1, or 0 if there is no such allocation.
DELETE FROM allocations
WHERE id = :id;
