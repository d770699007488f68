-- =============================================================================
-- cost_allocation_tags.sql: cost allocation tags (table cost_allocation_tags), schema V1
-- =============================================================================
-- Key/value tags that attribute costs to a resource (an app, worker,
-- instance, volume or service).
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_cost_allocation_tag_by_id(id)^
-- Returns the cost allocation tag with id :id, or nothing if there is none.
SELECT
    id,
    tag_key,
    tag_value,
    resource_id,
    resource_type,
    created_at,
    updated_at
FROM cost_allocation_tags
WHERE id = :id;


-- name: list_cost_allocation_tags(resource_type, resource_id, tag_key, limit, offset)
-- Returns one page of cost allocation tags, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :resource_type, :resource_id, :tag_key.
SELECT
    id,
    tag_key,
    tag_value,
    resource_id,
    resource_type,
    created_at,
    updated_at
FROM cost_allocation_tags
WHERE (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:resource_id IS NULL OR resource_id = :resource_id)
    AND (:tag_key IS NULL OR tag_key = :tag_key)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_cost_allocation_tags(resource_type, resource_id, tag_key)$
-- Returns how many cost allocation tags list_cost_allocation_tags pages through with the same filters.
SELECT COUNT(*)
FROM cost_allocation_tags
WHERE (:resource_type IS NULL OR resource_type = :resource_type)
    AND (:resource_id IS NULL OR resource_id = :resource_id)
    AND (:tag_key IS NULL OR tag_key = :tag_key);


-- name: create_cost_allocation_tag(tag_key, tag_value, resource_id, resource_type)<!
-- Inserts one cost allocation tag; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO cost_allocation_tags (
    tag_key,
    tag_value,
    resource_id,
    resource_type
)
VALUES (
    :tag_key,
    :tag_value,
    :resource_id,
    :resource_type
);


-- name: update_cost_allocation_tag(id, expected_updated_at)!
-- Changes the given columns of cost allocation tag :id and moves updated_at; returns the
-- rows matched (0: no such cost allocation tag). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/cost_allocation_tags.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE cost_allocation_tags
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_cost_allocation_tag(id)!
-- Deletes cost allocation tag :id; returns 1, or 0 if there is no such cost allocation tag.
DELETE FROM cost_allocation_tags
WHERE id = :id;
