"""The struct of table ``network_policies`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["NetworkPolicy", "NetworkPolicyProtocol"]


class NetworkPolicyProtocol(str, enum.Enum):
    """Values of ``network_policies.protocol``."""

    TCP = "tcp"
    UDP = "udp"
    ICMP = "icmp"
    ALL = "all"


@attrs.frozen
class NetworkPolicy:
    """A row of ``network_policies``: which app may reach which, by protocol and port range. Soft-deletable."""

    id: int
    source_app_id: int
    destination_app_id: int
    protocol: NetworkPolicyProtocol
    port_range_start: int | None
    port_range_end: int | None
    description: str | None
    enabled: bool
    priority: int
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
