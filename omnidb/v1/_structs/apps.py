"""The struct of table ``apps`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from omnidb.v1._structs._shared import DeploymentStrategy

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["App", "AppHealthCheckType", "AppRestartPolicy", "AppStatus"]


class AppStatus(str, enum.Enum):
    """Values of ``apps.status``."""

    STARTED = "started"
    STOPPED = "stopped"
    CRASHED = "crashed"
    STARTING = "starting"
    STOPPING = "stopping"
    STAGED = "staged"


class AppHealthCheckType(str, enum.Enum):
    """Values of ``apps.health_check_type``."""

    HTTP = "http"
    PORT = "port"
    PROCESS = "process"
    TCP = "tcp"
    CUSTOM = "custom"


class AppRestartPolicy(str, enum.Enum):
    """Values of ``apps.restart_policy``."""

    ALWAYS = "always"
    ON_FAILURE = "on-failure"
    NO = "no"


@attrs.frozen
class App:
    """A row of ``apps``: the applications the orchestrator deploys. An app's name is unique within its
    org. Soft-deletable.
    """

    id: int
    org_id: int
    space_id: int | None
    region_id: int | None
    default_allocation_id: int | None
    name: str
    display_name: str | None
    git_repo: str | None
    git_branch: str
    git_credentials_id: int | None
    container_image_url: str | None
    container_registry_credentials_id: int | None
    buildpack_url: str | None
    runtime: str | None
    instances: int
    health_check_type: AppHealthCheckType
    health_check_endpoint: str | None
    health_check_interval: int
    health_check_timeout: int
    health_check_retries: int
    restart_policy: AppRestartPolicy
    status: AppStatus
    maintenance_mode: bool
    auto_scaling_enabled: bool
    deployment_strategy: DeploymentStrategy
    canary_percentage: int
    idle_timeout: int
    max_concurrent_builds: int
    labels: dict[str, Any] | None
    annotations: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
