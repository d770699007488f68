"""The struct of table ``builds`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Build", "BuildStatus"]


class BuildStatus(str, enum.Enum):
    """Values of ``builds.status``."""

    PENDING = "pending"
    BUILDING = "building"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


@attrs.frozen
class Build:
    """A row of ``builds``: builds of an app's source into a runnable artifact."""

    id: int
    app_id: int
    source_version: str | None
    commit_sha: str | None
    commit_message: str | None
    author: str | None
    status: BuildStatus
    build_pack_used: str | None
    build_pack_url: str | None
    build_pack_version: str | None
    build_image: str | None
    build_arguments: dict[str, Any] | None
    build_environment: dict[str, Any] | None
    build_cache_key: str | None
    log_url: str | None
    artifact_url: str | None
    artifact_checksum: str | None
    artifact_size: int | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    build_duration: int | None
    created_at: datetime
    updated_at: datetime
