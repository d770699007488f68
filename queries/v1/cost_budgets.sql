-- =============================================================================
-- cost_budgets.sql: cost budgets (table cost_budgets), schema V1
-- =============================================================================
-- Spending limits of an org (or one of its apps) over a period, and the
-- share of it spent at which to warn. The name is unique within its org.
-- Soft-deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_cost_budget_by_id(id)^
-- Returns the cost budget with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    org_id,
    app_id,
    budget_name,
    budget_amount,
    currency,
    budget_period,
    period_start,
    period_end,
    alert_threshold_percentage,
    alert_contacts,
    is_active,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM cost_budgets
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_cost_budgets(org_id, app_id, is_active, limit, offset)
-- Returns one page of cost budgets, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :org_id, :app_id, :is_active.
SELECT
    id,
    org_id,
    app_id,
    budget_name,
    budget_amount,
    currency,
    budget_period,
    period_start,
    period_end,
    alert_threshold_percentage,
    alert_contacts,
    is_active,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM cost_budgets
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:is_active IS NULL OR is_active = :is_active)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_cost_budgets(org_id, app_id, is_active)$
-- Returns how many cost budgets list_cost_budgets pages through with the same filters.
SELECT COUNT(*)
FROM cost_budgets
WHERE deleted_at IS NULL
    AND (:org_id IS NULL OR org_id = :org_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:is_active IS NULL OR is_active = :is_active);


-- name: create_cost_budget(org_id, app_id, budget_name, budget_amount, currency, budget_period, period_start, period_end, alert_threshold_percentage, alert_contacts, is_active, created_by)<!
-- Inserts one cost budget; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO cost_budgets (
    org_id,
    app_id,
    budget_name,
    budget_amount,
    currency,
    budget_period,
    period_start,
    period_end,
    alert_threshold_percentage,
    alert_contacts,
    is_active,
    created_by
)
VALUES (
    :org_id,
    :app_id,
    :budget_name,
    :budget_amount,
    COALESCE(:currency, DEFAULT(currency)),
    :budget_period,
    :period_start,
    :period_end,
    COALESCE(:alert_threshold_percentage, DEFAULT(alert_threshold_percentage)),
    :alert_contacts,
    COALESCE(:is_active, DEFAULT(is_active)),
    :created_by
);


-- name: update_cost_budget(id, expected_updated_at)!
-- Changes the given columns of cost budget :id and moves updated_at; returns the
-- rows matched (0: no such cost budget). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/cost_budgets.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE cost_budgets
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_cost_budget(id)!
-- Soft-deletes cost budget :id (sets deleted_at); returns 1, or 0 if there is no
-- such cost budget or it is already deleted.
UPDATE cost_budgets
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_active_cost_budgets(org_id)
-- Returns every active budget that is not deleted, of org :org_id (NULL:
-- of every org), by id.
SELECT
    id,
    org_id,
    app_id,
    budget_name,
    budget_amount,
    currency,
    budget_period,
    period_start,
    period_end,
    alert_threshold_percentage,
    alert_contacts,
    is_active,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM cost_budgets
WHERE deleted_at IS NULL
    AND is_active = 1
    AND (:org_id IS NULL OR org_id = :org_id)
ORDER BY id;
