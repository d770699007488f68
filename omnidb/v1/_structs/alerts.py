"""The struct of table ``alerts`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Alert", "AlertSeverity", "AlertStatus"]


class AlertSeverity(str, enum.Enum):
    """Values of ``alerts.severity``."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class AlertStatus(str, enum.Enum):
    """Values of ``alerts.status``."""

    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    AUTO_RESOLVED = "auto_resolved"


@attrs.frozen
class Alert:
    """A row of ``alerts``: problems the platform detected, and their resolution."""

    id: int
    org_id: int | None
    app_id: int | None
    instance_id: int | None
    region_id: int | None
    worker_id: int | None
    alert_type: str
    severity: AlertSeverity
    service: str
    message: str
    raised_at: datetime
    status: AlertStatus
    resolved_at: datetime | None
    resolved_by: int | None
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
