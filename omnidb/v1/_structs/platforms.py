"""The struct of table ``platforms`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Platform"]


@attrs.frozen
class Platform:
    """A row of ``platforms``: the virtual platforms a deployment hosts (the newer reference layout keeps them in a
    separate "omni" database; here they share one). Soft-deletable.
    """

    id: int
    name: str
    description: str | None
    table_name: str | None
    subdomain: str | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
