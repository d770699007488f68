"""The struct of table ``deployment_logs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["DeploymentLog", "DeploymentLogLogLevel", "DeploymentLogLogType"]


class DeploymentLogLogType(str, enum.Enum):
    """Values of ``deployment_logs.log_type``."""

    APP = "app"
    SYSTEM = "system"
    DEPLOYMENT = "deployment"
    BUILD = "build"


class DeploymentLogLogLevel(str, enum.Enum):
    """Values of ``deployment_logs.log_level``."""

    DEBUG = "debug"
    INFO = "info"
    WARN = "warn"
    ERROR = "error"
    FATAL = "fatal"


@attrs.frozen
class DeploymentLog:
    """A row of ``deployment_logs``: log lines of deployments. Append-only."""

    id: int
    deployment_id: int
    log_type: DeploymentLogLogType
    log_level: DeploymentLogLogLevel
    message: str
    metadata: dict[str, Any] | None
    logged_at: datetime
    created_at: datetime
    updated_at: datetime
