"""The struct of table ``resource_types`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ResourceType", "ResourceTypeCategory"]


class ResourceTypeCategory(str, enum.Enum):
    """Values of ``resource_types.category``."""

    COMPUTE = "compute"
    STORAGE = "storage"
    NETWORK = "network"
    DATABASE = "database"
    SERVICE = "service"
    OTHER = "other"


@attrs.frozen
class ResourceType:
    """A row of ``resource_types``: what can be billed, and in which unit ('CPU-hour', 'GB-month', 'request')."""

    id: int
    name: str
    category: ResourceTypeCategory
    unit_of_measurement: str
    description: str | None
    created_at: datetime
    updated_at: datetime
