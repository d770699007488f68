"""The struct of table ``workers`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Worker", "WorkerStatus"]


class WorkerStatus(str, enum.Enum):
    """Values of ``workers.status``."""

    ACTIVE = "active"
    PROVISIONING = "provisioning"
    MAINTENANCE = "maintenance"
    POWERED_OFF = "powered_off"
    UNREACHABLE = "unreachable"
    DEGRADED = "degraded"
    DECOMMISSIONING = "decommissioning"


@attrs.frozen
class Worker:
    """A row of ``workers``: the machines instances run on. Capacities in MB (memory, disk) and cores
    (cpu). Soft-deletable.
    """

    id: int
    region_id: int
    name: str
    provider_resource_id: str | None
    instance_type: str | None
    status: WorkerStatus
    cpu_total: float
    cpu_available: float
    cpu_reserved: float
    memory_total: float
    memory_available: float
    memory_reserved: float
    disk_total: float
    disk_available: float
    disk_reserved: float
    network_in_capacity: float | None
    network_out_capacity: float | None
    ssh_address: str | None
    ssh_port: int
    ssh_user: str | None
    ssh_key: str | None = attrs.field(repr=False)
    docker_version: str | None
    labels: dict[str, Any] | None
    taints: list[Any] | None
    annotations: dict[str, Any] | None
    last_heartbeat: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
