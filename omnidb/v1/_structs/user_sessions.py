"""The struct of table ``user_sessions`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["UserSession"]


@attrs.frozen
class UserSession:
    """A row of ``user_sessions``: signed-in sessions."""

    id: int
    user_id: int
    session_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(repr=False)
    ip_address: str | None
    user_agent: str | None
    device_info: dict[str, Any] | None
    location_info: dict[str, Any] | None
    is_active: bool
    last_activity: datetime | None
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
