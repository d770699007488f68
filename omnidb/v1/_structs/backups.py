"""The struct of table ``backups`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Backup", "BackupStatus", "BackupType"]


class BackupType(str, enum.Enum):
    """Values of ``backups.backup_type``."""

    PLATFORM = "PLATFORM"
    APPLICATION = "APPLICATION"
    PARTIAL = "PARTIAL"


class BackupStatus(str, enum.Enum):
    """Values of ``backups.status``."""

    CREATING = "CREATING"
    AVAILABLE = "AVAILABLE"
    RESTORING = "RESTORING"
    FAILED = "FAILED"
    DELETED = "DELETED"


@attrs.frozen
class Backup:
    """A row of ``backups``: platform, application and partial backups, with what each holds and where it is stored.
    Soft-deletable.
    """

    id: int
    creator_user_id: int | None
    primary_app_id: int | None
    name: str
    description: str | None
    created_by: str
    backup_type: BackupType
    status: BackupStatus
    format_version: str
    source_environment: str
    encryption_method: str | None
    encryption_key_id: int | None
    size_bytes: int | None
    has_system_core: bool
    has_directors: bool
    has_orchestrators: bool
    has_network_config: bool
    has_app_definitions: bool
    has_volume_data: bool
    included_apps: list[Any] | None
    included_services: list[Any] | None
    last_validated_at: datetime | None
    last_restored_at: datetime | None
    restore_target_environment: str | None
    restore_status: str | None
    storage_location: str
    manifest_path: str
    metadata: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
