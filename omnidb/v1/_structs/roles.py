"""The struct of table ``roles`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Role", "RoleScope"]


class RoleScope(str, enum.Enum):
    """Values of ``roles.scope``."""

    GLOBAL = "global"
    ORGANIZATION = "organization"
    SPACE = "space"
    APPLICATION = "application"


@attrs.frozen
class Role:
    """A row of ``roles``: named sets of permissions."""

    id: int
    name: str
    description: str | None
    is_system_role: bool
    scope: RoleScope
    created_at: datetime
    updated_at: datetime
