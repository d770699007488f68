"""The struct of table ``api_keys`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["ApiKey"]


@attrs.frozen
class ApiKey:
    """A row of ``api_keys``: keys for programmatic access. Only a hash is stored; prefix identifies a key."""

    id: int
    org_id: int
    user_id: int
    name: str
    description: str | None
    key_hash: str = attrs.field(repr=False)
    prefix: str
    scopes: list[Any] | None
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool
    revoked_at: datetime | None
    revoked_by: int | None
    created_at: datetime
    updated_at: datetime
