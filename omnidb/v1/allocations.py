"""Allocations (table ``allocations``). Queries: ``queries/v1/allocations.sql``.

Resource plans an app's instances get: cores, MB, Mbps, and price.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Allocation

#: Columns update_allocation may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "cpu", "memory", "uplink", "downlink", "disk", "price_per_hour"})

_allocations = Resource(
    Allocation,
    version=1,
    singular="allocation",
    plural="allocations",
    updatable=UPDATABLE,
)


def get_allocation_by_id(db: Executor, allocation_id: int) -> Allocation:
    """Return allocation ``allocation_id``. Raises ``NotFound`` if there is none."""
    return _allocations.get(db, allocation_id)


def list_allocations(db: Executor, page: int = 0, per_page: int = 20) -> list[Allocation]:
    """Return one page of allocations, newest first.

    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _allocations.page(db, page, per_page, {})


def count_allocations(db: Executor) -> int:
    """Return how many allocations ``list_allocations`` pages through with the same filters."""
    return _allocations.count(db, {})


def create_allocation(
    db: Executor,
    *,
    name: str,
    cpu: float,
    memory: float,
    uplink: float,
    downlink: float,
    disk: float,
    price_per_hour: Decimal | None = None,
) -> Allocation:
    """Insert an allocation and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _allocations.create(
        db,
        {
            "name": name,
            "cpu": cpu,
            "memory": memory,
            "uplink": uplink,
            "downlink": downlink,
            "disk": disk,
            "price_per_hour": price_per_hour,
        },
    )


def update_allocation(
    db: Executor, allocation_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Allocation:
    """Change only the given columns (names from ``UPDATABLE``) of allocation ``allocation_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such allocation, ``Conflict`` on a duplicate unique key.
    """
    return _allocations.update(db, allocation_id, changes, expected_updated_at=expected_updated_at)


def delete_allocation(db: Executor, allocation_id: int) -> None:
    """Delete allocation ``allocation_id``. Raises ``NotFound`` if there is none."""
    _allocations.delete(db, allocation_id)
