"""The struct of table ``user_pii`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["UserPii"]


@attrs.frozen
class UserPii:
    """A row of ``user_pii``: personally identifiable information of a user, one row per user, kept apart so it can be
    protected and erased on its own.
    """

    id: int
    user_id: int
    first_name: str | None = attrs.field(repr=False)
    last_name: str | None = attrs.field(repr=False)
    full_name: str | None = attrs.field(repr=False)
    identity_verified: bool
    identity_verification_date: datetime | None
    identity_verification_method: str | None
    created_at: datetime
    updated_at: datetime
