"""The struct of table ``instances`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Instance", "InstanceHealthStatus", "InstanceStatus"]


class InstanceStatus(str, enum.Enum):
    """Values of ``instances.status``."""

    RUNNING = "running"
    STARTING = "starting"
    STOPPING = "stopping"
    STOPPED = "stopped"
    PAUSED = "paused"
    CRASHED = "crashed"
    DEGRADED = "degraded"
    TERMINATED = "terminated"
    UNKNOWN = "unknown"


class InstanceHealthStatus(str, enum.Enum):
    """Values of ``instances.health_status``."""

    HEALTHY = "healthy"
    DEGRADED = "degraded"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


@attrs.frozen
class Instance:
    """A row of ``instances``: running copies of an app, each on one worker. The reference calls the worker
    `node_id`; here it is worker_id.
    """

    id: int
    app_id: int
    worker_id: int | None
    region_id: int | None
    allocation_id: int | None
    guid: str
    instance_index: int
    instance_type: str
    status: InstanceStatus
    health_status: InstanceHealthStatus
    container_id: str | None
    container_ip: str | None
    cpu_usage: float | None
    memory_usage: float | None
    disk_usage: float | None
    uptime: int
    restart_count: int
    last_restart_reason: str | None
    last_health_check: datetime | None
    started_at: datetime | None
    stopped_at: datetime | None
    exit_code: int | None
    exit_reason: str | None
    scheduler_metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
