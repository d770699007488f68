"""The struct of table ``pipelines`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Pipeline", "PipelineStatus"]


class PipelineStatus(str, enum.Enum):
    """Values of ``pipelines.status``."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


@attrs.frozen
class Pipeline:
    """A row of ``pipelines``: an app's delivery pipelines; stages is a JSON array of stage definitions. Soft-
    deletable.
    """

    id: int
    app_id: int
    name: str
    description: str | None
    status: PipelineStatus
    stages: list[Any] | None
    created_by: int | None
    updated_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
