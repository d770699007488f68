"""The struct of table ``resource_pricing`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal
    from typing import Any

__all__ = ["ResourcePricing"]


@attrs.frozen
class ResourcePricing:
    """A row of ``resource_pricing``: price of a resource type at a provider (and region) over time, by tier and
    pricing model ('on-demand', 'reserved', 'spot').
    """

    id: int
    resource_type_id: int
    provider_id: int
    region_id: int | None
    tier_name: str | None
    unit_price: Decimal
    currency: str
    effective_from: datetime
    effective_to: datetime | None
    pricing_model: str | None
    commitment_period: str | None
    volume_discount_tiers: list[Any] | None
    created_at: datetime
    updated_at: datetime
