"""The struct of table ``notification_acknowledgments`` (schema V1): import it from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["NotificationAcknowledgment"]


@attrs.frozen
class NotificationAcknowledgment:
    """A row of ``notification_acknowledgments``: who has acknowledged which notification: a user notification or a
    role notification, exactly one of the two.
    """

    id: int
    user_id: int
    notification_id: int | None
    role_notification_id: int | None
    acknowledged_at: datetime
    created_at: datetime
    updated_at: datetime
