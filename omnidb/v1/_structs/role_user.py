"""The struct of table ``role_user`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["UserRole", "UserRoleScopeType"]


class UserRoleScopeType(str, enum.Enum):
    """Values of ``role_user.scope_type``."""

    GLOBAL = "global"
    ORGANIZATION = "organization"
    SPACE = "space"
    APPLICATION = "application"


@attrs.frozen
class UserRole:
    """A row of ``role_user``: which roles each user holds, globally or scoped to an org, space or app."""

    id: int
    user_id: int
    role_id: int
    scope_type: UserRoleScopeType
    scope_id: int
    created_at: datetime
    updated_at: datetime
