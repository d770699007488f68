"""The struct of table ``audit_logs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["AuditLog", "AuditLogStatus"]


class AuditLogStatus(str, enum.Enum):
    """Values of ``audit_logs.status``."""

    SUCCESS = "success"
    FAILURE = "failure"
    WARNING = "warning"


@attrs.frozen
class AuditLog:
    """A row of ``audit_logs``: who did what to which resource. Append-only: no update or delete query
    exists.
    """

    id: int
    user_id: int | None
    org_id: int | None
    app_id: int | None
    action: str
    resource_type: str
    resource_id: str | None
    before_state: dict[str, Any] | None
    after_state: dict[str, Any] | None
    details: dict[str, Any] | None
    ip_address: str | None
    user_agent: str | None
    request_id: str | None
    status: AuditLogStatus
    created_at: datetime
    updated_at: datetime
