"""The struct of table ``tasks`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Task", "TaskStatus"]


class TaskStatus(str, enum.Enum):
    """Values of ``tasks.status``."""

    PENDING = "pending"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


@attrs.frozen
class Task:
    """A row of ``tasks``: one-off commands run in an app's environment."""

    id: int
    app_id: int
    worker_id: int | None
    command: str
    name: str | None
    status: TaskStatus
    memory_in_mb: int | None
    disk_in_mb: int | None
    cpu: float | None
    timeout_seconds: int
    result: str | None
    exit_code: int | None
    sequence_id: int | None
    started_at: datetime | None
    completed_at: datetime | None
    duration: int | None
    error_message: str | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
