"""The struct of table ``nodes`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Node", "NodeStatus", "NodeType"]


class NodeType(str, enum.Enum):
    """Values of ``nodes.node_type``."""

    MASTER = "master"
    WORKER = "worker"
    EDGE = "edge"
    STORAGE = "storage"


class NodeStatus(str, enum.Enum):
    """Values of ``nodes.status``."""

    ACTIVE = "active"
    MAINTENANCE = "maintenance"
    OFFLINE = "offline"
    PROVISIONING = "provisioning"
    DECOMMISSIONING = "decommissioning"


@attrs.frozen
class Node:
    """A row of ``nodes``: the hosts that make up a worker (control plane, edge, storage...). Soft-deletable."""

    id: int
    worker_id: int
    node_type: NodeType
    hostname: str
    ip_address: str
    cpu_cores: int
    ram_gb: int
    disk_gb: int
    status: NodeStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
