"""Workers (table ``workers``). Queries: ``queries/v1/workers.sql``.

The machines instances run on. Capacities in MB (memory, disk) and cores (cpu). Soft-deletable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Worker, WorkerStatus

#: Columns update_worker may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "instance_type",
        "status",
        "cpu_total",
        "cpu_available",
        "memory_total",
        "memory_available",
        "disk_total",
        "disk_available",
        "ssh_address",
        "ssh_port",
        "ssh_user",
        "docker_version",
        "labels",
    }
)

_workers = Resource(
    Worker,
    version=1,
    singular="worker",
    plural="workers",
    filters=("region_id", "status"),
    updatable=UPDATABLE,
    parents={"region_id": "region"},
)


def get_worker_by_id(db: Executor, worker_id: int) -> Worker:
    """Return worker ``worker_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _workers.get(db, worker_id)


def list_workers(
    db: Executor, page: int = 0, per_page: int = 20, *, region_id: int | None = None, status: WorkerStatus | None = None
) -> list[Worker]:
    """Return one page of workers, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _workers.page(db, page, per_page, {"region_id": region_id, "status": status})


def count_workers(db: Executor, *, region_id: int | None = None, status: WorkerStatus | None = None) -> int:
    """Return how many workers ``list_workers`` pages through with the same filters."""
    return _workers.count(db, {"region_id": region_id, "status": status})


def create_worker(
    db: Executor,
    *,
    region_id: int,
    name: str,
    cpu_total: float,
    cpu_available: float,
    memory_total: float,
    memory_available: float,
    disk_total: float,
    disk_available: float,
    instance_type: str | None = None,
    status: WorkerStatus | None = None,
    ssh_address: str | None = None,
    ssh_port: int | None = None,
    ssh_user: str | None = None,
    docker_version: str | None = None,
    labels: dict[str, Any] | None = None,
    last_heartbeat: datetime | None = None,
) -> Worker:
    """Insert a worker and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such region),
    ``InvalidInput`` (a bad value).
    """
    return _workers.create(
        db,
        {
            "region_id": region_id,
            "name": name,
            "instance_type": instance_type,
            "status": status,
            "cpu_total": cpu_total,
            "cpu_available": cpu_available,
            "memory_total": memory_total,
            "memory_available": memory_available,
            "disk_total": disk_total,
            "disk_available": disk_available,
            "ssh_address": ssh_address,
            "ssh_port": ssh_port,
            "ssh_user": ssh_user,
            "docker_version": docker_version,
            "labels": labels,
            "last_heartbeat": last_heartbeat,
        },
    )


def update_worker(
    db: Executor, worker_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Worker:
    """Change only the given columns (names from ``UPDATABLE``) of worker ``worker_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such worker, ``Conflict`` on a duplicate unique key.
    """
    return _workers.update(db, worker_id, changes, expected_updated_at=expected_updated_at)


def delete_worker(db: Executor, worker_id: int) -> None:
    """Soft-delete worker ``worker_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _workers.delete(db, worker_id)


def record_worker_heartbeat(
    db: Executor,
    worker_id: int,
    *,
    cpu_available: float | None = None,
    memory_available: float | None = None,
    disk_available: float | None = None,
) -> Worker:
    """Stamp ``last_heartbeat`` of worker ``worker_id`` and record the free capacity given."""
    return _workers.act(
        db,
        "record_worker_heartbeat",
        worker_id,
        cpu_available=cpu_available,
        memory_available=memory_available,
        disk_available=disk_available,
    )
