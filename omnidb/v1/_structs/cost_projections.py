"""The struct of table ``cost_projections`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import date, datetime
    from decimal import Decimal
    from typing import Any

__all__ = ["CostProjection", "CostProjectionPeriod"]


class CostProjectionPeriod(str, enum.Enum):
    """Values of ``cost_projections.projection_period``."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


@attrs.frozen
class CostProjection:
    """A row of ``cost_projections``: forecast costs of an org (or one of its apps) over a period; confidence_level
    0.95 means 95%.
    """

    id: int
    org_id: int
    app_id: int | None
    projection_period: CostProjectionPeriod
    start_date: date
    end_date: date
    projected_cost: Decimal
    currency: str
    projection_model: str
    confidence_level: Decimal | None
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
