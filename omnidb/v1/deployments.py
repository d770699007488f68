"""Deployments (table ``deployments``). Queries: ``queries/v1/deployments.sql``.

Rollouts of a build of an app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.errors import InvalidInput
from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Deployment, DeploymentStatus, DeploymentStrategy

#: Columns update_deployment may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "version",
        "status",
        "deployment_strategy",
        "canary_percentage",
        "staged_instances",
        "total_instances",
        "environment_variables",
        "labels",
        "error_message",
        "started_at",
        "completed_at",
        "deployment_duration",
    }
)

_deployments = Resource(
    Deployment,
    version=1,
    singular="deployment",
    plural="deployments",
    filters=("app_id", "build_id", "status"),
    updatable=UPDATABLE,
    parents={"app_id": "app", "build_id": "build", "previous_deployment_id": "deployment", "created_by": "user"},
)


def get_deployment_by_id(db: Executor, deployment_id: int) -> Deployment:
    """Return deployment ``deployment_id``. Raises ``NotFound`` if there is none."""
    return _deployments.get(db, deployment_id)


def list_deployments(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    app_id: int | None = None,
    build_id: int | None = None,
    status: DeploymentStatus | None = None,
) -> list[Deployment]:
    """Return one page of deployments, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _deployments.page(db, page, per_page, {"app_id": app_id, "build_id": build_id, "status": status})


def count_deployments(
    db: Executor, *, app_id: int | None = None, build_id: int | None = None, status: DeploymentStatus | None = None
) -> int:
    """Return how many deployments ``list_deployments`` pages through with the same filters."""
    return _deployments.count(db, {"app_id": app_id, "build_id": build_id, "status": status})


def create_deployment(
    db: Executor,
    *,
    app_id: int,
    build_id: int,
    version: str | None = None,
    status: DeploymentStatus | None = None,
    deployment_strategy: DeploymentStrategy | None = None,
    previous_deployment_id: int | None = None,
    canary_percentage: int | None = None,
    staged_instances: int | None = None,
    total_instances: int | None = None,
    environment_variables: dict[str, Any] | None = None,
    labels: dict[str, Any] | None = None,
    error_message: str | None = None,
    started_at: datetime | None = None,
    completed_at: datetime | None = None,
    deployment_duration: int | None = None,
    created_by: int | None = None,
) -> Deployment:
    """Insert a deployment and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, build,
    deployment, user), ``InvalidInput`` (a bad value).
    """
    return _deployments.create(
        db,
        {
            "app_id": app_id,
            "build_id": build_id,
            "version": version,
            "status": status,
            "deployment_strategy": deployment_strategy,
            "previous_deployment_id": previous_deployment_id,
            "canary_percentage": canary_percentage,
            "staged_instances": staged_instances,
            "total_instances": total_instances,
            "environment_variables": environment_variables,
            "labels": labels,
            "error_message": error_message,
            "started_at": started_at,
            "completed_at": completed_at,
            "deployment_duration": deployment_duration,
            "created_by": created_by,
        },
    )


def update_deployment(
    db: Executor, deployment_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Deployment:
    """Change only the given columns (names from ``UPDATABLE``) of deployment ``deployment_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such deployment.
    """
    return _deployments.update(db, deployment_id, changes, expected_updated_at=expected_updated_at)


def delete_deployment(db: Executor, deployment_id: int) -> None:
    """Delete deployment ``deployment_id``. Raises ``NotFound`` if there is none."""
    _deployments.delete(db, deployment_id)


_FINAL = frozenset({DeploymentStatus.DEPLOYED, DeploymentStatus.FAILED, DeploymentStatus.CANCELED})


def start_deployment(db: Executor, deployment_id: int) -> Deployment:
    """Move deployment ``deployment_id`` from pending to in_progress. Raises ``Conflict`` otherwise."""
    return _deployments.act(db, "start_deployment", deployment_id, verb="start")


def finish_deployment(
    db: Executor, deployment_id: int, status: DeploymentStatus, *, error_message: str | None = None
) -> Deployment:
    """End deployment ``deployment_id`` as deployed, failed or canceled; stamps ``completed_at``.

    Raises ``InvalidInput`` for a status that does not end a deployment, ``Conflict`` if it has ended.
    """
    if DeploymentStatus(status) not in _FINAL:
        raise InvalidInput(
            f"finish_deployment: status must be deployed, failed or canceled, got {status!r}", field="status"
        )
    return _deployments.act(
        db, "finish_deployment", deployment_id, verb="finish", status=status, error_message=error_message
    )


def list_deployments_after(
    db: Executor,
    after_id: int | None = None,
    limit: int = 100,
    *,
    app_id: int | None = None,
    status: DeploymentStatus | None = None,
) -> list[Deployment]:
    """Keyset pagination: up to ``limit`` deployments with ids below ``after_id``, newest first.

    Pass the last id of a page to get the next one (None: start at the newest). A deep page costs
    what the first one does, unlike ``list_deployments(page=...)``, whose OFFSET reads past every row
    before it.
    """
    return _deployments.page_after(db, limit, {"after_id": after_id}, {"app_id": app_id, "status": status})
