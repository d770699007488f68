-- =============================================================================
-- volume_qos_policy_assignments.sql: volume qos policy assignments (table volume_qos_policy_assignments), schema V1
-- =============================================================================
-- Which QoS policies apply to which volume. A join table: nothing to
-- update.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_volume_qos_policy_assignment_by_id(id)^
-- Returns the volume qos policy assignment with id :id, or nothing if there is none.
SELECT
    id,
    volume_id,
    policy_id,
    assigned_at,
    created_at,
    updated_at
FROM volume_qos_policy_assignments
WHERE id = :id;


-- name: list_volume_qos_policy_assignments(volume_id, policy_id, limit, offset)
-- Returns one page of volume qos policy assignments, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :volume_id, :policy_id.
SELECT
    id,
    volume_id,
    policy_id,
    assigned_at,
    created_at,
    updated_at
FROM volume_qos_policy_assignments
WHERE (:volume_id IS NULL OR volume_id = :volume_id)
    AND (:policy_id IS NULL OR policy_id = :policy_id)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_volume_qos_policy_assignments(volume_id, policy_id)$
-- Returns how many volume qos policy assignments list_volume_qos_policy_assignments pages through with the same filters.
SELECT COUNT(*)
FROM volume_qos_policy_assignments
WHERE (:volume_id IS NULL OR volume_id = :volume_id)
    AND (:policy_id IS NULL OR policy_id = :policy_id);


-- name: create_volume_qos_policy_assignment(volume_id, policy_id, assigned_at)<!
-- Inserts one volume qos policy assignment; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO volume_qos_policy_assignments (
    volume_id,
    policy_id,
    assigned_at
)
VALUES (
    :volume_id,
    :policy_id,
    COALESCE(:assigned_at, DEFAULT(assigned_at))
);


-- name: delete_volume_qos_policy_assignment(id)!
-- Deletes volume qos policy assignment :id; returns 1, or 0 if there is no such volume qos policy assignment.
DELETE FROM volume_qos_policy_assignments
WHERE id = :id;
