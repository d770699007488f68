"""The struct of table ``storage_snapshots`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["StorageSnapshot", "StorageSnapshotStatus"]


class StorageSnapshotStatus(str, enum.Enum):
    """Values of ``storage_snapshots.status``."""

    CREATING = "Creating"
    AVAILABLE = "Available"
    DELETING = "Deleting"
    DELETED = "Deleted"


@attrs.frozen
class StorageSnapshot:
    """A row of ``storage_snapshots``: point-in-time copies of a volume, in GB. Soft-deletable."""

    id: int
    volume_id: int
    name: str
    size_gb: int
    status: StorageSnapshotStatus
    description: str | None
    retention_date: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
