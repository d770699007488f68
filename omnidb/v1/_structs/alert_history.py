"""The struct of table ``alert_history`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["AlertHistoryEntry"]


@attrs.frozen
class AlertHistoryEntry:
    """A row of ``alert_history``: every change of an alert, with the state before and after."""

    id: int
    alert_id: int
    action: str
    performed_by: int | None
    performed_at: datetime
    previous_state: dict[str, Any] | None
    new_state: dict[str, Any] | None
    notes: str | None
    created_at: datetime
    updated_at: datetime
