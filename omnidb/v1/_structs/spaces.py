"""The struct of table ``spaces`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Space", "SpaceStatus"]


class SpaceStatus(str, enum.Enum):
    """Values of ``spaces.status``."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    ARCHIVED = "archived"


@attrs.frozen
class Space:
    """A row of ``spaces``: an org's environments (production, staging...). Soft-deletable."""

    id: int
    org_id: int
    name: str
    description: str | None
    status: SpaceStatus
    isolation_segment: str | None
    network_isolation: bool
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
