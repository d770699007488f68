-- =============================================================================
-- autoscaling_rules.sql: autoscaling rules (table autoscaling_rules), schema V1
-- =============================================================================
-- When to scale an app: a metric, a threshold and an adjustment. Soft-
-- deletable.
-- Soft-deletable: every query here leaves out rows whose deleted_at is set.
-- Optional filters are written (:x IS NULL OR column = :x). PyMySQL binds
-- parameters client-side, so the server sees literals and folds the unused
-- branch away when it plans the query: the column's index is still used.
-- =============================================================================


-- name: get_autoscaling_rule_by_id(id)^
-- Returns the autoscaling rule with id :id, or nothing if there is none or it is deleted.
SELECT
    id,
    app_id,
    name,
    min_instances,
    max_instances,
    target_instances,
    metric_type,
    custom_metric_name,
    custom_metric_query,
    threshold_value,
    threshold_unit,
    comparison_operator,
    evaluation_periods,
    period_seconds,
    scaling_adjustment,
    cooldown_period_seconds,
    enabled,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM autoscaling_rules
WHERE id = :id
    AND deleted_at IS NULL;


-- name: list_autoscaling_rules(app_id, metric_type, enabled, limit, offset)
-- Returns one page of autoscaling rules, newest first (by id: ids grow with created_at, and are unique).
-- Filters left NULL match every row: :app_id, :metric_type, :enabled.
SELECT
    id,
    app_id,
    name,
    min_instances,
    max_instances,
    target_instances,
    metric_type,
    custom_metric_name,
    custom_metric_query,
    threshold_value,
    threshold_unit,
    comparison_operator,
    evaluation_periods,
    period_seconds,
    scaling_adjustment,
    cooldown_period_seconds,
    enabled,
    created_by,
    created_at,
    updated_at,
    deleted_at
FROM autoscaling_rules
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:metric_type IS NULL OR metric_type = :metric_type)
    AND (:enabled IS NULL OR enabled = :enabled)
ORDER BY id DESC
LIMIT :limit OFFSET :offset;


-- name: count_autoscaling_rules(app_id, metric_type, enabled)$
-- Returns how many autoscaling rules list_autoscaling_rules pages through with the same filters.
SELECT COUNT(*)
FROM autoscaling_rules
WHERE deleted_at IS NULL
    AND (:app_id IS NULL OR app_id = :app_id)
    AND (:metric_type IS NULL OR metric_type = :metric_type)
    AND (:enabled IS NULL OR enabled = :enabled);


-- name: create_autoscaling_rule(app_id, name, min_instances, max_instances, target_instances, metric_type, custom_metric_name, custom_metric_query, threshold_value, threshold_unit, comparison_operator, evaluation_periods, period_seconds, scaling_adjustment, cooldown_period_seconds, enabled, created_by)<!
-- Inserts one autoscaling rule; returns its new id. MySQL has no INSERT ... RETURNING,
-- so omnidb reads the row back by id in the same transaction. A NULL parameter
-- for a column with a default stores that default.
INSERT INTO autoscaling_rules (
    app_id,
    name,
    min_instances,
    max_instances,
    target_instances,
    metric_type,
    custom_metric_name,
    custom_metric_query,
    threshold_value,
    threshold_unit,
    comparison_operator,
    evaluation_periods,
    period_seconds,
    scaling_adjustment,
    cooldown_period_seconds,
    enabled,
    created_by
)
VALUES (
    :app_id,
    :name,
    COALESCE(:min_instances, DEFAULT(min_instances)),
    COALESCE(:max_instances, DEFAULT(max_instances)),
    :target_instances,
    :metric_type,
    :custom_metric_name,
    :custom_metric_query,
    :threshold_value,
    :threshold_unit,
    COALESCE(:comparison_operator, DEFAULT(comparison_operator)),
    COALESCE(:evaluation_periods, DEFAULT(evaluation_periods)),
    COALESCE(:period_seconds, DEFAULT(period_seconds)),
    COALESCE(:scaling_adjustment, DEFAULT(scaling_adjustment)),
    COALESCE(:cooldown_period_seconds, DEFAULT(cooldown_period_seconds)),
    COALESCE(:enabled, DEFAULT(enabled)),
    :created_by
);


-- name: update_autoscaling_rule(id, expected_updated_at)!
-- Changes the given columns of autoscaling rule :id and moves updated_at; returns the
-- rows matched (0: no such autoscaling rule). As written it only moves updated_at: omnidb
-- puts `column = value,` in front of it for each column the caller gives,
-- each one checked against the whitelist UPDATABLE in omnidb/v1/autoscaling_rules.py.
-- With :expected_updated_at, only a row nobody changed since then matches
-- (optimistic concurrency: 0 rows means someone else won).
UPDATE autoscaling_rules
SET updated_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL
    AND (:expected_updated_at IS NULL OR updated_at = :expected_updated_at);


-- name: delete_autoscaling_rule(id)!
-- Soft-deletes autoscaling rule :id (sets deleted_at); returns 1, or 0 if there is no
-- such autoscaling rule or it is already deleted.
UPDATE autoscaling_rules
SET deleted_at = CURRENT_TIMESTAMP(6)
WHERE id = :id
    AND deleted_at IS NULL;
