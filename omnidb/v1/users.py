"""Users (table ``users``). Queries: ``queries/v1/users.sql``.

People who sign in to the platform. Soft-deletable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import User, UserStatus

#: Columns update_user may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "email",
        "name",
        "email_verified",
        "password_hash",
        "salt",
        "locked_until",
        "two_factor_enabled",
        "active",
        "status",
    }
)

_users = Resource(
    User,
    version=1,
    singular="user",
    plural="users",
    filters=("status", "active"),
    updatable=UPDATABLE,
)


def get_user_by_id(db: Executor, user_id: int) -> User:
    """Return user ``user_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _users.get(db, user_id)


def list_users(
    db: Executor, page: int = 0, per_page: int = 20, *, status: UserStatus | None = None, active: bool | None = None
) -> list[User]:
    """Return one page of users, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _users.page(db, page, per_page, {"status": status, "active": active})


def count_users(db: Executor, *, status: UserStatus | None = None, active: bool | None = None) -> int:
    """Return how many users ``list_users`` pages through with the same filters."""
    return _users.count(db, {"status": status, "active": active})


def create_user(
    db: Executor,
    *,
    email: str,
    password_hash: str,
    salt: str,
    name: str | None = None,
    email_verified: bool | None = None,
    login_attempts: int | None = None,
    locked_until: datetime | None = None,
    two_factor_enabled: bool | None = None,
    active: bool | None = None,
    status: UserStatus | None = None,
    last_login_at: datetime | None = None,
) -> User:
    """Insert an user and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _users.create(
        db,
        {
            "email": email,
            "name": name,
            "email_verified": email_verified,
            "password_hash": password_hash,
            "salt": salt,
            "login_attempts": login_attempts,
            "locked_until": locked_until,
            "two_factor_enabled": two_factor_enabled,
            "active": active,
            "status": status,
            "last_login_at": last_login_at,
        },
    )


def update_user(db: Executor, user_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> User:
    """Change only the given columns (names from ``UPDATABLE``) of user ``user_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such user, ``Conflict`` on a duplicate unique key.
    """
    return _users.update(db, user_id, changes, expected_updated_at=expected_updated_at)


def delete_user(db: Executor, user_id: int) -> None:
    """Soft-delete user ``user_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _users.delete(db, user_id)


def get_user_by_email(db: Executor, email: str) -> User:
    """Return the user with e-mail ``email``. Raises ``NotFound``."""
    return _users.select_one(db, "get_user_by_email", repr(email), email=email)


def record_login(db: Executor, user_id: int) -> User:
    """Record a successful sign-in: stamp ``last_login_at``, reset ``login_attempts``."""
    return _users.act(db, "record_login", user_id)


def record_failed_login(db: Executor, user_id: int) -> User:
    """Count one more failed sign-in of user ``user_id``."""
    return _users.act(db, "record_failed_login", user_id)
