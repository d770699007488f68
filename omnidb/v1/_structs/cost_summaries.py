"""The struct of table ``cost_summaries`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from omnidb.v1._structs._shared import CostType

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["CostSummary", "CostSummaryPeriod"]


class CostSummaryPeriod(str, enum.Enum):
    """Values of ``cost_summaries.summary_period``."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


@attrs.frozen
class CostSummary:
    """A row of ``cost_summaries``: costs added up per day, week or month."""

    id: int
    provider_id: int | None
    region_id: int | None
    app_id: int | None
    cost_type: CostType
    total_cost: Decimal
    currency: str
    summary_period: CostSummaryPeriod
    period_start: datetime
    period_end: datetime
    created_at: datetime
    updated_at: datetime
