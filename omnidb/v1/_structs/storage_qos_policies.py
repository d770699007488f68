"""The struct of table ``storage_qos_policies`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["StorageQosPolicy"]


@attrs.frozen
class StorageQosPolicy:
    """A row of ``storage_qos_policies``: iOPS, throughput and latency limits volumes can be given. Soft-deletable."""

    id: int
    name: str
    max_iops: int | None
    max_throughput_mbps: int | None
    burst_iops: int | None
    burst_duration_seconds: int | None
    latency_target_ms: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
