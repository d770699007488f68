"""Role permissions (table ``permissions_role``). Queries: ``queries/v1/role_permissions.sql``.

Which permissions each role grants.
"""

from __future__ import annotations

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import RolePermission

_role_permissions = Resource(
    RolePermission,
    version=1,
    singular="role_permission",
    plural="role_permissions",
    filters=("role_id", "permission_id"),
    parents={"permission_id": "permission", "role_id": "role"},
)


def get_role_permission_by_id(db: Executor, role_permission_id: int) -> RolePermission:
    """Return role permission ``role_permission_id``. Raises ``NotFound`` if there is none."""
    return _role_permissions.get(db, role_permission_id)


def list_role_permissions(
    db: Executor, page: int = 0, per_page: int = 20, *, role_id: int | None = None, permission_id: int | None = None
) -> list[RolePermission]:
    """Return one page of role permissions, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _role_permissions.page(db, page, per_page, {"role_id": role_id, "permission_id": permission_id})


def count_role_permissions(db: Executor, *, role_id: int | None = None, permission_id: int | None = None) -> int:
    """Return how many role permissions ``list_role_permissions`` pages through with the same filters."""
    return _role_permissions.count(db, {"role_id": role_id, "permission_id": permission_id})


def create_role_permission(db: Executor, *, permission_id: int, role_id: int) -> RolePermission:
    """Insert a role permission and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such permission, role),
    ``InvalidInput`` (a bad value).
    """
    return _role_permissions.create(db, {"permission_id": permission_id, "role_id": role_id})


def delete_role_permission(db: Executor, role_permission_id: int) -> None:
    """Delete role permission ``role_permission_id``. Raises ``NotFound`` if there is none."""
    _role_permissions.delete(db, role_permission_id)
