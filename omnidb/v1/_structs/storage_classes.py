"""The struct of table ``storage_classes`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["StorageClass", "StorageClassReclaimPolicy", "StorageClassStorageType", "StorageClassVolumeBindingMode"]


class StorageClassReclaimPolicy(str, enum.Enum):
    """Values of ``storage_classes.reclaim_policy``."""

    DELETE = "Delete"
    RETAIN = "Retain"


class StorageClassVolumeBindingMode(str, enum.Enum):
    """Values of ``storage_classes.volume_binding_mode``."""

    IMMEDIATE = "Immediate"
    WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer"


class StorageClassStorageType(str, enum.Enum):
    """Values of ``storage_classes.storage_type``."""

    LOCAL_DISK = "local-disk"
    LOCAL_RESILIENT = "local-resilient"
    DISTRIBUTED = "distributed"
    GEO_REPLICATED = "geo-replicated"


@attrs.frozen
class StorageClass:
    """A row of ``storage_classes``: kinds of storage volumes are provisioned from. Soft-deletable."""

    id: int
    name: str
    provisioner: str
    reclaim_policy: StorageClassReclaimPolicy
    volume_binding_mode: StorageClassVolumeBindingMode
    allow_volume_expansion: bool
    storage_type: StorageClassStorageType
    default_filesystem: str
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
