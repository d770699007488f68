"""The struct of table ``user_meta`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

__all__ = ["UserMeta"]


@attrs.frozen
class UserMeta:
    """A row of ``user_meta``: a user's preferences and non-sensitive settings, one row per user."""

    id: int
    user_id: int
    timezone: str
    language: str
    theme: str
    notification_preferences: dict[str, Any] | None
    profile_image: str | None
    dashboard_layout: dict[str, Any] | None
    onboarding_completed: bool
    created_at: datetime
    updated_at: datetime
