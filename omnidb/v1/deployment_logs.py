"""Deployment logs (table ``deployment_logs``). Queries: ``queries/v1/deployment_logs.sql``.

Log lines of deployments. Append-only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import DeploymentLog, DeploymentLogLogLevel, DeploymentLogLogType

_deployment_logs = Resource(
    DeploymentLog,
    version=1,
    singular="deployment_log",
    plural="deployment_logs",
    filters=("deployment_id", "log_level", "since", "until"),
    parents={"deployment_id": "deployment"},
)


def get_deployment_log_by_id(db: Executor, deployment_log_id: int) -> DeploymentLog:
    """Return deployment log ``deployment_log_id``. Raises ``NotFound`` if there is none."""
    return _deployment_logs.get(db, deployment_log_id)


def list_deployment_logs(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    deployment_id: int | None = None,
    log_level: DeploymentLogLogLevel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[DeploymentLog]:
    """Return one page of deployment logs, newest first.

    Filters left None match everything; ``since``/``until`` bound ``logged_at``.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _deployment_logs.page(
        db, page, per_page, {"deployment_id": deployment_id, "log_level": log_level, "since": since, "until": until}
    )


def count_deployment_logs(
    db: Executor,
    *,
    deployment_id: int | None = None,
    log_level: DeploymentLogLogLevel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """Return how many deployment logs ``list_deployment_logs`` pages through with the same filters."""
    return _deployment_logs.count(
        db, {"deployment_id": deployment_id, "log_level": log_level, "since": since, "until": until}
    )


def create_deployment_log(
    db: Executor,
    *,
    deployment_id: int,
    message: str,
    log_type: DeploymentLogLogType | None = None,
    log_level: DeploymentLogLogLevel | None = None,
    metadata: dict[str, Any] | None = None,
    logged_at: datetime | None = None,
) -> DeploymentLog:
    """Insert a deployment log and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such deployment),
    ``InvalidInput`` (a bad value).
    """
    return _deployment_logs.create(
        db,
        {
            "deployment_id": deployment_id,
            "log_type": log_type,
            "log_level": log_level,
            "message": message,
            "metadata": metadata,
            "logged_at": logged_at,
        },
    )


def delete_deployment_log(db: Executor, deployment_log_id: int) -> None:
    """Delete deployment log ``deployment_log_id``. Raises ``NotFound`` if there is none."""
    _deployment_logs.delete(db, deployment_log_id)


def list_deployment_logs_after(
    db: Executor, after: DeploymentLog | None = None, limit: int = 100, *, deployment_id: int | None = None
) -> list[DeploymentLog]:
    """Keyset pagination: up to ``limit`` deployment logs older than ``after``, newest first.

    ``after`` is the last row of the previous page (None: start at the newest). Rows come newest
    ``logged_at`` first, ties broken by id; a deep page costs what the first one does.
    """
    cursor = {"after_time": after.logged_at if after else None, "after_id": after.id if after else None}
    return _deployment_logs.page_after(db, limit, cursor, {"deployment_id": deployment_id})


def append_deployment_logs(db: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many deployment log lines in one transaction, in multi-row INSERTs; return how many

    were inserted. Each row gives deployment_id, log_type, log_level, message and logged_at (aware);
    metadata is optional. A row with an unknown or missing required column is ``InvalidInput``, and
    nothing is inserted.
    """
    return _deployment_logs.bulk(db, rows, required=("deployment_id", "log_type", "log_level", "message", "logged_at"))
