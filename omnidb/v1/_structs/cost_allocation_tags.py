"""The struct of table ``cost_allocation_tags`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["CostAllocationTag", "CostAllocationTagResourceType"]


class CostAllocationTagResourceType(str, enum.Enum):
    """Values of ``cost_allocation_tags.resource_type``."""

    APP = "app"
    WORKER = "worker"
    INSTANCE = "instance"
    VOLUME = "volume"
    SERVICE = "service"


@attrs.frozen
class CostAllocationTag:
    """A row of ``cost_allocation_tags``: key/value tags that attribute costs to a resource."""

    id: int
    tag_key: str
    tag_value: str
    resource_id: int
    resource_type: CostAllocationTagResourceType
    created_at: datetime
    updated_at: datetime
