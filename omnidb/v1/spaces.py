"""Spaces (table ``spaces``). Queries: ``queries/v1/spaces.sql``.

An org's environments (production, staging...). Soft-deletable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Space, SpaceStatus

#: Columns update_space may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "description", "status"})

_spaces = Resource(
    Space,
    version=1,
    singular="space",
    plural="spaces",
    filters=("org_id", "status"),
    updatable=UPDATABLE,
    parents={"org_id": "org"},
)


def get_space_by_id(db: Executor, space_id: int) -> Space:
    """Return space ``space_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _spaces.get(db, space_id)


def list_spaces(
    db: Executor, page: int = 0, per_page: int = 20, *, org_id: int | None = None, status: SpaceStatus | None = None
) -> list[Space]:
    """Return one page of spaces, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _spaces.page(db, page, per_page, {"org_id": org_id, "status": status})


def count_spaces(db: Executor, *, org_id: int | None = None, status: SpaceStatus | None = None) -> int:
    """Return how many spaces ``list_spaces`` pages through with the same filters."""
    return _spaces.count(db, {"org_id": org_id, "status": status})


def create_space(
    db: Executor, *, org_id: int, name: str, description: str | None = None, status: SpaceStatus | None = None
) -> Space:
    """Insert a space and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such org), ``InvalidInput``
    (a bad value).
    """
    return _spaces.create(db, {"org_id": org_id, "name": name, "description": description, "status": status})


def update_space(db: Executor, space_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> Space:
    """Change only the given columns (names from ``UPDATABLE``) of space ``space_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such space, ``Conflict`` on a duplicate unique key.
    """
    return _spaces.update(db, space_id, changes, expected_updated_at=expected_updated_at)


def delete_space(db: Executor, space_id: int) -> None:
    """Soft-delete space ``space_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _spaces.delete(db, space_id)
