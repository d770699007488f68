"""The struct of table ``permissions`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Permission"]


@attrs.frozen
class Permission:
    """A row of ``permissions``: what may be done (action) to what (resource_type)."""

    id: int
    name: str
    description: str | None
    resource_type: str
    action: str
    created_at: datetime
    updated_at: datetime
