"""The struct of table ``instance_logs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["InstanceLog", "InstanceLogLogLevel", "InstanceLogLogType"]


class InstanceLogLogType(str, enum.Enum):
    """Values of ``instance_logs.log_type``."""

    APP = "app"
    SYSTEM = "system"
    DEPLOYMENT = "deployment"
    BUILD = "build"
    TASK = "task"
    AUDIT = "audit"


class InstanceLogLogLevel(str, enum.Enum):
    """Values of ``instance_logs.log_level``."""

    DEBUG = "debug"
    INFO = "info"
    WARN = "warn"
    ERROR = "error"
    FATAL = "fatal"


@attrs.frozen
class InstanceLog:
    """A row of ``instance_logs``: log lines of running instances. Append-only."""

    id: int
    instance_id: int
    app_id: int
    log_type: InstanceLogLogType
    log_level: InstanceLogLogLevel
    message: str
    source: str | None
    metadata: dict[str, Any] | None
    logged_at: datetime
    created_at: datetime
    updated_at: datetime
