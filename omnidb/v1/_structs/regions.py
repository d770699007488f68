"""The struct of table ``regions`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from decimal import Decimal

__all__ = ["Region", "RegionStatus"]


class RegionStatus(str, enum.Enum):
    """Values of ``regions.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    DEPRECATED = "deprecated"


@attrs.frozen
class Region:
    """A row of ``regions``: a provider's locations. The reference names the foreign key `provider`; here
    it is provider_id.
    """

    id: int
    provider_id: int
    name: str
    display_name: str
    location: str | None
    latitude: Decimal | None
    longitude: Decimal | None
    is_public: bool
    region_class: str
    status: RegionStatus
    created_at: datetime
    updated_at: datetime
