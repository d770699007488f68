"""The struct of table ``orgmember`` (schema V1) and its enums: import them from omnidb.v1.tables."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["OrgMember", "OrgMemberInvitationStatus", "OrgMemberRole"]


class OrgMemberRole(str, enum.Enum):
    """Values of ``orgmember.role``."""

    OWNER = "owner"
    ADMIN = "admin"
    BILLING = "billing"
    MEMBER = "member"
    GUEST = "guest"


class OrgMemberInvitationStatus(str, enum.Enum):
    """Values of ``orgmember.invitation_status``."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@attrs.frozen
class OrgMember:
    """A row of ``orgmember``: which users belong to which org, with their role in it."""

    id: int
    org_id: int
    user_id: int
    role: OrgMemberRole
    invitation_status: OrgMemberInvitationStatus
    invitation_token: str | None = attrs.field(repr=False)
    invitation_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
