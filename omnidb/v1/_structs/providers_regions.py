"""The struct of table ``providers_regions`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ProviderRegion", "ProviderRegionStatus"]


class ProviderRegionStatus(str, enum.Enum):
    """Values of ``providers_regions.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    DEPRECATED = "deprecated"


@attrs.frozen
class ProviderRegion:
    """A row of ``providers_regions``: which providers serve which regions, with the status of each pairing."""

    id: int
    provider_id: int
    region_id: int
    status: ProviderRegionStatus
    created_at: datetime
    updated_at: datetime
