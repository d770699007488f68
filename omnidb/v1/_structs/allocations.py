"""The struct of table ``allocations`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["Allocation"]


@attrs.frozen
class Allocation:
    """A row of ``allocations``: resource plans an app's instances get: cores, MB, Mbps, and price."""

    id: int
    name: str
    cpu: float
    memory: float
    uplink: float
    downlink: float
    disk: float
    price_per_hour: Decimal
    created_at: datetime
    updated_at: datetime
