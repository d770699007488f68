"""The struct of table ``alert_escalations`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["AlertEscalation"]


@attrs.frozen
class AlertEscalation:
    """A row of ``alert_escalations``: each escalation of an alert: level, to whom (roles, users or external systems,
    as JSON) and how (email, sms, webhook...).
    """

    id: int
    alert_id: int
    escalation_level: int
    escalated_at: datetime
    escalated_to: list[Any] | None
    escalation_method: str
    response_required_by: datetime | None
    created_at: datetime
    updated_at: datetime
