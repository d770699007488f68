"""Instances (table ``instances``). Queries: ``queries/v1/instances.sql``.

Running copies of an app, each on one worker. The reference calls the worker `node_id`; here it is
worker_id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Instance, InstanceHealthStatus, InstanceStatus

#: Columns update_instance may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "worker_id",
        "region_id",
        "instance_type",
        "status",
        "health_status",
        "container_id",
        "container_ip",
        "cpu_usage",
        "memory_usage",
        "restart_count",
        "last_health_check",
        "started_at",
        "stopped_at",
        "exit_code",
        "exit_reason",
    }
)

_instances = Resource(
    Instance,
    version=1,
    singular="instance",
    plural="instances",
    filters=("app_id", "worker_id", "status"),
    updatable=UPDATABLE,
    parents={"app_id": "app", "worker_id": "worker", "region_id": "region"},
)


def get_instance_by_id(db: Executor, instance_id: int) -> Instance:
    """Return instance ``instance_id``. Raises ``NotFound`` if there is none."""
    return _instances.get(db, instance_id)


def list_instances(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    app_id: int | None = None,
    worker_id: int | None = None,
    status: InstanceStatus | None = None,
) -> list[Instance]:
    """Return one page of instances, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _instances.page(db, page, per_page, {"app_id": app_id, "worker_id": worker_id, "status": status})


def count_instances(
    db: Executor, *, app_id: int | None = None, worker_id: int | None = None, status: InstanceStatus | None = None
) -> int:
    """Return how many instances ``list_instances`` pages through with the same filters."""
    return _instances.count(db, {"app_id": app_id, "worker_id": worker_id, "status": status})


def create_instance(
    db: Executor,
    *,
    app_id: int,
    guid: str,
    instance_index: int,
    instance_type: str,
    worker_id: int | None = None,
    region_id: int | None = None,
    status: InstanceStatus | None = None,
    health_status: InstanceHealthStatus | None = None,
    container_id: str | None = None,
    container_ip: str | None = None,
    cpu_usage: float | None = None,
    memory_usage: float | None = None,
    restart_count: int | None = None,
    last_health_check: datetime | None = None,
    started_at: datetime | None = None,
    stopped_at: datetime | None = None,
    exit_code: int | None = None,
    exit_reason: str | None = None,
) -> Instance:
    """Insert an instance and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, region, worker),
    ``InvalidInput`` (a bad value).
    """
    return _instances.create(
        db,
        {
            "app_id": app_id,
            "worker_id": worker_id,
            "region_id": region_id,
            "guid": guid,
            "instance_index": instance_index,
            "instance_type": instance_type,
            "status": status,
            "health_status": health_status,
            "container_id": container_id,
            "container_ip": container_ip,
            "cpu_usage": cpu_usage,
            "memory_usage": memory_usage,
            "restart_count": restart_count,
            "last_health_check": last_health_check,
            "started_at": started_at,
            "stopped_at": stopped_at,
            "exit_code": exit_code,
            "exit_reason": exit_reason,
        },
    )


def update_instance(
    db: Executor, instance_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Instance:
    """Change only the given columns (names from ``UPDATABLE``) of instance ``instance_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such instance, ``Conflict`` on a duplicate unique key.
    """
    return _instances.update(db, instance_id, changes, expected_updated_at=expected_updated_at)


def delete_instance(db: Executor, instance_id: int) -> None:
    """Delete instance ``instance_id``. Raises ``NotFound`` if there is none."""
    _instances.delete(db, instance_id)


def set_instance_status(db: Executor, instance_id: int, status: InstanceStatus) -> Instance:
    """Set the status of instance ``instance_id``; running stamps ``started_at``, stopping ones ``stopped_at``."""
    return _instances.act(db, "set_instance_status", instance_id, status=status)


def record_instance_health(
    db: Executor,
    instance_id: int,
    health_status: InstanceHealthStatus,
    *,
    cpu_usage: float | None = None,
    memory_usage: float | None = None,
) -> Instance:
    """Record a health check of instance ``instance_id`` (usage left None keeps the last value)."""
    return _instances.act(
        db,
        "record_instance_health",
        instance_id,
        health_status=health_status,
        cpu_usage=cpu_usage,
        memory_usage=memory_usage,
    )


def list_instances_after(
    db: Executor,
    after_id: int | None = None,
    limit: int = 100,
    *,
    app_id: int | None = None,
    status: InstanceStatus | None = None,
) -> list[Instance]:
    """Keyset pagination: up to ``limit`` instances with ids below ``after_id``, newest first.

    Pass the last id of a page to get the next one (None: start at the newest). A deep page costs
    what the first one does, unlike ``list_instances(page=...)``, whose OFFSET reads past every row
    before it.
    """
    return _instances.page_after(db, limit, {"after_id": after_id}, {"app_id": app_id, "status": status})


def create_instances(db: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many instances in one transaction, in multi-row INSERTs; return how many were

    inserted. Each row gives app_id, guid, instance_index, instance_type and status; the rest is
    optional. A row with an unknown or missing required column is ``InvalidInput``, and nothing is
    inserted.
    """
    return _instances.bulk(db, rows, required=("app_id", "guid", "instance_index", "instance_type", "status"))
