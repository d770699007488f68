"""User roles (table ``role_user``). Queries: ``queries/v1/user_roles.sql``.

Which roles each user holds, globally or scoped to an org, space or app.
"""

from __future__ import annotations

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import UserRole, UserRoleScopeType

_user_roles = Resource(
    UserRole,
    version=1,
    singular="user_role",
    plural="user_roles",
    filters=("user_id", "role_id", "scope_type"),
    parents={"user_id": "user", "role_id": "role"},
)


def get_user_role_by_id(db: Executor, user_role_id: int) -> UserRole:
    """Return user role ``user_role_id``. Raises ``NotFound`` if there is none."""
    return _user_roles.get(db, user_role_id)


def list_user_roles(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    user_id: int | None = None,
    role_id: int | None = None,
    scope_type: UserRoleScopeType | None = None,
) -> list[UserRole]:
    """Return one page of user roles, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _user_roles.page(db, page, per_page, {"user_id": user_id, "role_id": role_id, "scope_type": scope_type})


def count_user_roles(
    db: Executor, *, user_id: int | None = None, role_id: int | None = None, scope_type: UserRoleScopeType | None = None
) -> int:
    """Return how many user roles ``list_user_roles`` pages through with the same filters."""
    return _user_roles.count(db, {"user_id": user_id, "role_id": role_id, "scope_type": scope_type})


def create_user_role(
    db: Executor,
    *,
    user_id: int,
    role_id: int,
    scope_type: UserRoleScopeType | None = None,
    scope_id: int | None = None,
) -> UserRole:
    """Insert an user role and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such role, user),
    ``InvalidInput`` (a bad value).
    """
    return _user_roles.create(
        db, {"user_id": user_id, "role_id": role_id, "scope_type": scope_type, "scope_id": scope_id}
    )


def delete_user_role(db: Executor, user_role_id: int) -> None:
    """Delete user role ``user_role_id``. Raises ``NotFound`` if there is none."""
    _user_roles.delete(db, user_role_id)
