"""The struct of table ``rollbacks`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Rollback", "RollbackStatus"]


class RollbackStatus(str, enum.Enum):
    """Values of ``rollbacks.status``."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    FAILED = "failed"


@attrs.frozen
class Rollback:
    """A row of ``rollbacks``: returns of an app from one deployment to an earlier one."""

    id: int
    app_id: int
    from_deployment_id: int
    to_deployment_id: int
    status: RollbackStatus
    reason: str | None
    automatic: bool
    trigger_condition: str | None
    started_at: datetime | None
    completed_at: datetime | None
    rollback_duration: int | None
    error_message: str | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
