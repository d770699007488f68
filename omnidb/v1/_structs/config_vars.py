"""The struct of table ``config_vars`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["ConfigVar"]


@attrs.frozen
class ConfigVar:
    """A row of ``config_vars``: an app's environment variables. Values are kept out of repr: they often
    hold secrets.
    """

    id: int
    app_id: int
    key: str
    value: str = attrs.field(repr=False)
    is_secret: bool
    encryption_key_id: str | None
    description: str | None
    created_by: int | None
    updated_by: int | None
    created_at: datetime
    updated_at: datetime
