"""The struct of table ``deployments`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from omnidb.v1._structs._shared import DeploymentStrategy

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["Deployment", "DeploymentStatus"]


class DeploymentStatus(str, enum.Enum):
    """Values of ``deployments.status``."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DEPLOYED = "deployed"
    FAILED = "failed"
    CANCELED = "canceled"


@attrs.frozen
class Deployment:
    """A row of ``deployments``: rollouts of a build of an app."""

    id: int
    app_id: int
    build_id: int
    version: str | None
    status: DeploymentStatus
    deployment_strategy: DeploymentStrategy
    previous_deployment_id: int | None
    canary_percentage: int
    staged_instances: int
    total_instances: int
    environment_variables: dict[str, Any] | None
    annotations: dict[str, Any] | None
    labels: dict[str, Any] | None
    error_message: str | None
    started_at: datetime | None
    completed_at: datetime | None
    deployment_duration: int | None
    created_by: int | None
    created_at: datetime
    updated_at: datetime
