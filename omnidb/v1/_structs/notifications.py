"""The struct of table ``notifications`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Notification", "NotificationType"]


class NotificationType(str, enum.Enum):
    """Values of ``notifications.notification_type``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    SUCCESS = "success"


@attrs.frozen
class Notification:
    """A row of ``notifications``: messages to a user, an org or about an app (the reference's first, general inbox)."""

    id: int
    user_id: int | None
    org_id: int | None
    app_id: int | None
    notification_type: NotificationType
    message: str
    read_status: bool
    created_at: datetime
    updated_at: datetime
