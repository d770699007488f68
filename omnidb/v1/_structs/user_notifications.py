"""The struct of table ``user_notifications`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["UserNotification"]


@attrs.frozen
class UserNotification:
    """A row of ``user_notifications``: notifications addressed to one user."""

    id: int
    user_id: int
    org_id: int | None
    app_id: int | None
    notification_type: str
    message: str
    read_status: bool
    importance: str
    action_url: str | None
    action_label: str | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
