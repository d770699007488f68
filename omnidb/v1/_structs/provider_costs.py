"""The struct of table ``provider_costs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from omnidb.v1._structs._shared import CostType

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["ProviderCost"]


@attrs.frozen
class ProviderCost:
    """A row of ``provider_costs``: a provider's unit prices over time ('hour', 'GB', 'Mbps')."""

    id: int
    provider_id: int
    region_id: int | None
    cost_type: CostType
    cost_subtype: str | None
    unit: str
    unit_price: Decimal
    currency: str
    effective_date: datetime
    expiration_date: datetime | None
    created_at: datetime
    updated_at: datetime
