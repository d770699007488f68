"""Roles (table ``roles``). Queries: ``queries/v1/roles.sql``.

Named sets of permissions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Role, RoleScope

#: Columns update_role may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "description", "is_system_role", "scope"})

_roles = Resource(
    Role,
    version=1,
    singular="role",
    plural="roles",
    filters=("scope",),
    updatable=UPDATABLE,
)


def get_role_by_id(db: Executor, role_id: int) -> Role:
    """Return role ``role_id``. Raises ``NotFound`` if there is none."""
    return _roles.get(db, role_id)


def list_roles(db: Executor, page: int = 0, per_page: int = 20, *, scope: RoleScope | None = None) -> list[Role]:
    """Return one page of roles, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _roles.page(db, page, per_page, {"scope": scope})


def count_roles(db: Executor, *, scope: RoleScope | None = None) -> int:
    """Return how many roles ``list_roles`` pages through with the same filters."""
    return _roles.count(db, {"scope": scope})


def create_role(
    db: Executor,
    *,
    name: str,
    description: str | None = None,
    is_system_role: bool | None = None,
    scope: RoleScope | None = None,
) -> Role:
    """Insert a role and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _roles.create(
        db, {"name": name, "description": description, "is_system_role": is_system_role, "scope": scope}
    )


def update_role(db: Executor, role_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> Role:
    """Change only the given columns (names from ``UPDATABLE``) of role ``role_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such role, ``Conflict`` on a duplicate unique key.
    """
    return _roles.update(db, role_id, changes, expected_updated_at=expected_updated_at)


def delete_role(db: Executor, role_id: int) -> None:
    """Delete role ``role_id``. Raises ``NotFound`` if there is none."""
    _roles.delete(db, role_id)
