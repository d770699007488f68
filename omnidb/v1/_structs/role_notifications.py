"""The struct of table ``role_notifications`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["RoleNotification"]


@attrs.frozen
class RoleNotification:
    """A row of ``role_notifications``: notifications addressed to everyone holding a role."""

    id: int
    role_id: int
    org_id: int | None
    app_id: int | None
    notification_type: str
    message: str
    importance: str
    action_url: str | None
    action_label: str | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
