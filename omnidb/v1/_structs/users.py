"""The struct of table ``users`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["User", "UserStatus"]


class UserStatus(str, enum.Enum):
    """Values of ``users.status``."""

    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    SUSPENDED = "suspended"
    PENDING = "pending"


@attrs.frozen
class User:
    """A row of ``users``: people who sign in to the platform. Soft-deletable."""

    id: int
    email: str
    name: str | None
    email_verified: bool
    password_hash: str = attrs.field(repr=False)
    salt: str = attrs.field(repr=False)
    password_changed_at: datetime | None
    login_attempts: int
    locked_until: datetime | None
    two_factor_enabled: bool
    two_factor_verified: bool
    active: bool
    status: UserStatus
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
