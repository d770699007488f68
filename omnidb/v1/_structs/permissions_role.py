"""The struct of table ``permissions_role`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["RolePermission"]


@attrs.frozen
class RolePermission:
    """A row of ``permissions_role``: which permissions each role grants."""

    id: int
    permission_id: int
    role_id: int
    created_at: datetime
    updated_at: datetime
