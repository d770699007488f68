"""Regions (table ``regions``). Queries: ``queries/v1/regions.sql``.

A provider's locations. The reference names the foreign key `provider`; here it is provider_id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Region, RegionStatus

#: Columns update_region may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"display_name", "location", "is_public", "region_class", "status"})

_regions = Resource(
    Region,
    version=1,
    singular="region",
    plural="regions",
    filters=("provider_id", "status"),
    updatable=UPDATABLE,
    parents={"provider_id": "provider"},
)


def get_region_by_id(db: Executor, region_id: int) -> Region:
    """Return region ``region_id``. Raises ``NotFound`` if there is none."""
    return _regions.get(db, region_id)


def list_regions(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    provider_id: int | None = None,
    status: RegionStatus | None = None,
) -> list[Region]:
    """Return one page of regions, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _regions.page(db, page, per_page, {"provider_id": provider_id, "status": status})


def count_regions(db: Executor, *, provider_id: int | None = None, status: RegionStatus | None = None) -> int:
    """Return how many regions ``list_regions`` pages through with the same filters."""
    return _regions.count(db, {"provider_id": provider_id, "status": status})


def create_region(
    db: Executor,
    *,
    provider_id: int,
    name: str,
    display_name: str,
    location: str | None = None,
    is_public: bool | None = None,
    region_class: str | None = None,
    status: RegionStatus | None = None,
) -> Region:
    """Insert a region and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such provider),
    ``InvalidInput`` (a bad value).
    """
    return _regions.create(
        db,
        {
            "provider_id": provider_id,
            "name": name,
            "display_name": display_name,
            "location": location,
            "is_public": is_public,
            "region_class": region_class,
            "status": status,
        },
    )


def update_region(
    db: Executor, region_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Region:
    """Change only the given columns (names from ``UPDATABLE``) of region ``region_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such region, ``Conflict`` on a duplicate unique key.
    """
    return _regions.update(db, region_id, changes, expected_updated_at=expected_updated_at)


def delete_region(db: Executor, region_id: int) -> None:
    """Delete region ``region_id``. Raises ``NotFound`` if there is none."""
    _regions.delete(db, region_id)
