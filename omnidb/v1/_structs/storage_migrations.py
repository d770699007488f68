"""The struct of table ``storage_migrations`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["StorageMigration", "StorageMigrationStatus", "StorageMigrationType"]


class StorageMigrationType(str, enum.Enum):
    """Values of ``storage_migrations.migration_type``."""

    STORAGE_CLASS = "StorageClass"
    NODE = "Node"
    ZONE = "Zone"
    ENVIRONMENT = "Environment"


class StorageMigrationStatus(str, enum.Enum):
    """Values of ``storage_migrations.status``."""

    PENDING = "Pending"
    COPYING = "Copying"
    SYNCING = "Syncing"
    READY_FOR_CUTOVER = "ReadyForCutover"
    COMPLETED = "Completed"
    FAILED = "Failed"


@attrs.frozen
class StorageMigration:
    """A row of ``storage_migrations``: moves of a volume's data to another volume."""

    id: int
    source_volume_id: int
    destination_volume_id: int
    migration_type: StorageMigrationType
    status: StorageMigrationStatus
    progress_percent: int
    started_at: datetime
    completed_at: datetime | None
    is_online: bool
    error_message: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
