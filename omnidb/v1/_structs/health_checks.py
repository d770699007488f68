"""The struct of table ``health_checks`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["HealthCheck", "HealthCheckProtocol", "HealthCheckType"]


class HealthCheckType(str, enum.Enum):
    """Values of ``health_checks.type``."""

    HTTP = "http"
    TCP = "tcp"
    PORT = "port"
    PROCESS = "process"
    CUSTOM = "custom"


class HealthCheckProtocol(str, enum.Enum):
    """Values of ``health_checks.protocol``."""

    HTTP = "http"
    HTTPS = "https"
    TCP = "tcp"


@attrs.frozen
class HealthCheck:
    """A row of ``health_checks``: how the orchestrator probes an app's instances. Soft-deletable."""

    id: int
    app_id: int
    type: HealthCheckType
    endpoint: str | None
    timeout: int
    check_interval: int
    healthy_threshold: int
    unhealthy_threshold: int
    port: int | None
    protocol: HealthCheckProtocol
    http_status_codes: str
    response_body_regex: str | None
    follow_redirects: bool
    initial_delay_seconds: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
