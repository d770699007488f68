"""The struct of table ``routes`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Route", "RouteStatus"]


class RouteStatus(str, enum.Enum):
    """Values of ``routes.status``."""

    ACTIVE = "active"
    RESERVED = "reserved"
    SUSPENDED = "suspended"


@attrs.frozen
class Route:
    """A row of ``routes``: host + path under a domain, served by an app."""

    id: int
    domain_id: int
    app_id: int | None
    host: str
    path: str
    port: int | None
    weight: int
    https_only: bool
    internal: bool
    status: RouteStatus
    created_at: datetime
    updated_at: datetime
