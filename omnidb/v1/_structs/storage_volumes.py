"""The struct of table ``storage_volumes`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = [
    "StorageVolume",
    "StorageVolumeAccessMode",
    "StorageVolumePersistenceLevel",
    "StorageVolumeReclaimPolicy",
    "StorageVolumeStatus",
    "StorageVolumeWriteConcern",
]


class StorageVolumeAccessMode(str, enum.Enum):
    """Values of ``storage_volumes.access_mode``."""

    READ_WRITE_ONCE = "ReadWriteOnce"
    READ_ONLY_MANY = "ReadOnlyMany"
    READ_WRITE_MANY = "ReadWriteMany"


class StorageVolumeStatus(str, enum.Enum):
    """Values of ``storage_volumes.status``."""

    PROVISIONED = "Provisioned"
    BOUND = "Bound"
    MOUNTED = "Mounted"
    RELEASED = "Released"
    DELETING = "Deleting"
    DELETED = "Deleted"


class StorageVolumePersistenceLevel(str, enum.Enum):
    """Values of ``storage_volumes.persistence_level``."""

    BASIC = "Basic"
    ENHANCED = "Enhanced"
    HIGH = "High"
    MAXIMUM = "Maximum"


class StorageVolumeWriteConcern(str, enum.Enum):
    """Values of ``storage_volumes.write_concern``."""

    WRITE_ACKNOWLEDGED = "WriteAcknowledged"
    WRITE_DURABLE = "WriteDurable"
    WRITE_REPLICATED = "WriteReplicated"
    WRITE_DISTRIBUTED = "WriteDistributed"


class StorageVolumeReclaimPolicy(str, enum.Enum):
    """Values of ``storage_volumes.reclaim_policy``."""

    DELETE = "Delete"
    RETAIN = "Retain"


@attrs.frozen
class StorageVolume:
    """A row of ``storage_volumes``: an app's persistent volumes, in GB. Soft-deletable."""

    id: int
    app_id: int
    storage_class_id: int
    worker_id: int
    snapshot_id: int | None
    name: str
    size_gb: int
    storage_class: str
    access_mode: StorageVolumeAccessMode
    status: StorageVolumeStatus
    encryption_enabled: bool
    persistence_level: StorageVolumePersistenceLevel
    write_concern: StorageVolumeWriteConcern
    reclaim_policy: StorageVolumeReclaimPolicy
    filesystem_type: str
    mount_path: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
