"""The struct of table ``autoscaling_rules`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["AutoscalingRule", "AutoscalingRuleComparisonOperator", "AutoscalingRuleMetricType"]


class AutoscalingRuleMetricType(str, enum.Enum):
    """Values of ``autoscaling_rules.metric_type``."""

    CPU = "cpu"
    MEMORY = "memory"
    HTTP_THROUGHPUT = "http_throughput"
    HTTP_LATENCY = "http_latency"
    QUEUE_DEPTH = "queue_depth"
    CUSTOM = "custom"


class AutoscalingRuleComparisonOperator(str, enum.Enum):
    """Values of ``autoscaling_rules.comparison_operator``."""

    GREATER_THAN_OR_EQUAL_TO_THRESHOLD = "GreaterThanOrEqualToThreshold"
    GREATER_THAN_THRESHOLD = "GreaterThanThreshold"
    LESS_THAN_THRESHOLD = "LessThanThreshold"
    LESS_THAN_OR_EQUAL_TO_THRESHOLD = "LessThanOrEqualToThreshold"


@attrs.frozen
class AutoscalingRule:
    """A row of ``autoscaling_rules``: when to add or remove an app's instances. Soft-deletable."""

    id: int
    app_id: int
    name: str | None
    min_instances: int
    max_instances: int
    target_instances: int | None
    metric_type: AutoscalingRuleMetricType
    custom_metric_name: str | None
    custom_metric_query: str | None
    threshold_value: float
    threshold_unit: str | None
    comparison_operator: AutoscalingRuleComparisonOperator
    evaluation_periods: int
    period_seconds: int
    scaling_adjustment: int
    cooldown_period_seconds: int
    enabled: bool
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
