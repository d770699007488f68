"""Permissions (table ``permissions``). Queries: ``queries/v1/permissions.sql``.

What may be done (action) to what (resource_type).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Permission

#: Columns update_permission may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "description", "resource_type", "action"})

_permissions = Resource(
    Permission,
    version=1,
    singular="permission",
    plural="permissions",
    filters=("resource_type", "action"),
    updatable=UPDATABLE,
)


def get_permission_by_id(db: Executor, permission_id: int) -> Permission:
    """Return permission ``permission_id``. Raises ``NotFound`` if there is none."""
    return _permissions.get(db, permission_id)


def list_permissions(
    db: Executor, page: int = 0, per_page: int = 20, *, resource_type: str | None = None, action: str | None = None
) -> list[Permission]:
    """Return one page of permissions, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _permissions.page(db, page, per_page, {"resource_type": resource_type, "action": action})


def count_permissions(db: Executor, *, resource_type: str | None = None, action: str | None = None) -> int:
    """Return how many permissions ``list_permissions`` pages through with the same filters."""
    return _permissions.count(db, {"resource_type": resource_type, "action": action})


def create_permission(
    db: Executor, *, name: str, resource_type: str, action: str, description: str | None = None
) -> Permission:
    """Insert a permission and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _permissions.create(
        db, {"name": name, "description": description, "resource_type": resource_type, "action": action}
    )


def update_permission(
    db: Executor, permission_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Permission:
    """Change only the given columns (names from ``UPDATABLE``) of permission ``permission_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such permission, ``Conflict`` on a duplicate unique key.
    """
    return _permissions.update(db, permission_id, changes, expected_updated_at=expected_updated_at)


def delete_permission(db: Executor, permission_id: int) -> None:
    """Delete permission ``permission_id``. Raises ``NotFound`` if there is none."""
    _permissions.delete(db, permission_id)
