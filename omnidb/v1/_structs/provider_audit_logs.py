"""The struct of table ``provider_audit_logs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ProviderAuditLog", "ProviderAuditLogAction"]


class ProviderAuditLogAction(str, enum.Enum):
    """Values of ``provider_audit_logs.action``."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SCALE = "scale"
    DEPLOY = "deploy"


@attrs.frozen
class ProviderAuditLog:
    """A row of ``provider_audit_logs``: what was done to each provider."""

    id: int
    provider_id: int
    action: ProviderAuditLogAction
    details: str | None
    created_at: datetime
    updated_at: datetime
