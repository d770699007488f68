"""The struct of table ``quotas`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Quota"]


@attrs.frozen
class Quota:
    """A row of ``quotas``: resource limits of an org. Soft-deletable."""

    id: int
    org_id: int
    name: str
    memory_limit: int
    cpu_limit: float | None
    disk_limit: int | None
    instance_limit: int
    routes_limit: int
    services_limit: int
    buildpack_limit: int | None
    domains_limit: int | None
    allow_paid_services: bool
    concurrent_builds_limit: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
