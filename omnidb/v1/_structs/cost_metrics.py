"""The struct of table ``cost_metrics`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["CostMetric"]


@attrs.frozen
class CostMetric:
    """A row of ``cost_metrics``: metered usage of one resource type, with its cost, over a time span; billing_period
    is 'YYYY-MM'.
    """

    id: int
    resource_type_id: int
    provider_id: int | None
    region_id: int | None
    app_id: int | None
    worker_id: int | None
    org_id: int | None
    start_time: datetime
    end_time: datetime
    usage_quantity: float
    unit_cost: Decimal
    currency: str
    total_cost: Decimal
    discount_percentage: float
    discount_reason: str | None
    billing_period: str | None
    created_at: datetime
    updated_at: datetime
