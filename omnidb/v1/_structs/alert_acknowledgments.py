"""The struct of table ``alert_acknowledgments`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["AlertAcknowledgment"]


@attrs.frozen
class AlertAcknowledgment:
    """A row of ``alert_acknowledgments``: who acknowledged an alert, and notes."""

    id: int
    alert_id: int
    user_id: int
    acknowledged_at: datetime
    notes: str | None
    created_at: datetime
    updated_at: datetime
