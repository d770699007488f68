"""The struct of table ``orgs`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["Org", "OrgPlan", "OrgStatus"]


class OrgPlan(str, enum.Enum):
    """Values of ``orgs.plan``."""

    FREE = "free"
    STARTER = "starter"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


class OrgStatus(str, enum.Enum):
    """Values of ``orgs.status``."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    PENDING = "pending"


@attrs.frozen
class Org:
    """A row of ``orgs``: the tenants: every app, space and domain belongs to one. Soft-deletable."""

    id: int
    name: str
    display_name: str | None
    description: str | None
    logo_url: str | None
    website: str | None
    billing_email: str | None
    plan: OrgPlan
    status: OrgStatus
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
