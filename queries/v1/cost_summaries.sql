-- =============================================================================
-- cost_summaries.sql: cost summaries (table cost_summaries), schema V1
-- =============================================================================
-- Costs added up per day, week or month, by provider, region, app and cost
-- type.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_cost_summary_by_id(id)^
-- Returns the cost summary with id :id, or nothing if there is none.
SELECT
    id,
    provider_id,
    region_id,
    app_id,
    cost_type,
    total_cost,
    currency,
    summary_period,
    period_start,
    period_end,
    created_at,
    updated_at
FROM cost_summaries
WHERE id = :id;


-- name: list_cost_summaries(provider_id, region_id, app_id, cost_type, summary_period, limit, offset)
-- Returns one page of cost summaries, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :provider_id, :region_id, :app_id, :cost_type, :summary_period.
SELECT
    id,
    provider_id,
    region_id,
    app_id,
    cost_type,
    total_cost,
    currency,
    summary_period,
    period_start,
    period_end,
    created_at,
    updated_at
FROM cost_summaries
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type)
    AND (:summary_period IS NULL OR summary_period = :summary_period)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_cost_summaries(provider_id, region_id, app_id, cost_type, summary_period)$
-- Returns how many cost summaries list_cost_summaries pages through with the same filters.
SELECT COUNT(*)
FROM cost_summaries
WHERE (:provider_id IS NULL OR provider_id = :provider_id)
    AND (:region_id IS NULL OR region_id = :region_id)
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:cost_type IS NULL OR cost_type = :cost_type)
    AND (:summary_period IS NULL OR summary_period = :summary_period);


-- name: create_cost_summary(provider_id, region_id, app_id, cost_type, total_cost, currency, summary_period, period_start, period_end)<!
-- Inserts one cost summary; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO cost_summaries (
    provider_id,
    region_id,
    app_id,
    cost_type,
    total_cost,
    currency,
    summary_period,
    period_start,
    period_end
)
VALUES (
    :provider_id,
    :region_id,
    :app_id,
    :cost_type,
    :total_cost,
    COALESCE(:currency, DEFAULT(currency)),
    :summary_period,
    :period_start,
    :period_end
);


-- name: update_cost_summary(id, expected_updated_at)!
-- Changes the given columns of cost summary :id and moves updated_at; returns the
-- rows matched (0: no such cost summary). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/cost_summaries.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE cost_summaries
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_cost_summary(id)!
-- Deletes cost summary :id; returns 1, or 0 if there is no such cost summary.
DELETE FROM cost_summaries
WHERE id = :id;
