"""The struct of table ``usage_costs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from omnidb.v1._structs._shared import CostType

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["UsageCost"]


@attrs.frozen
class UsageCost:
    """A row of ``usage_costs``: what the platform used of a provider, and what it cost, over a time span."""

    id: int
    provider_id: int
    region_id: int | None
    app_id: int | None
    cost_type: CostType
    cost_subtype: str | None
    usage_quantity: float
    unit: str
    total_cost: Decimal
    currency: str
    usage_start: datetime
    usage_end: datetime
    created_at: datetime
    updated_at: datetime
