"""Org members (table ``orgmember``). Queries: ``queries/v1/org_members.sql``.

Which users belong to which org, with their role in it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import OrgMember, OrgMemberInvitationStatus, OrgMemberRole

#: Columns update_org_member may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"role", "invitation_status"})

_org_members = Resource(
    OrgMember,
    version=1,
    singular="org_member",
    plural="org_members",
    filters=("org_id", "user_id", "role"),
    updatable=UPDATABLE,
    parents={"org_id": "org", "user_id": "user"},
)


def get_org_member_by_id(db: Executor, org_member_id: int) -> OrgMember:
    """Return org member ``org_member_id``. Raises ``NotFound`` if there is none."""
    return _org_members.get(db, org_member_id)


def list_org_members(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    org_id: int | None = None,
    user_id: int | None = None,
    role: OrgMemberRole | None = None,
) -> list[OrgMember]:
    """Return one page of org members, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _org_members.page(db, page, per_page, {"org_id": org_id, "user_id": user_id, "role": role})


def count_org_members(
    db: Executor, *, org_id: int | None = None, user_id: int | None = None, role: OrgMemberRole | None = None
) -> int:
    """Return how many org members ``list_org_members`` pages through with the same filters."""
    return _org_members.count(db, {"org_id": org_id, "user_id": user_id, "role": role})


def create_org_member(
    db: Executor,
    *,
    org_id: int,
    user_id: int,
    role: OrgMemberRole | None = None,
    invitation_status: OrgMemberInvitationStatus | None = None,
) -> OrgMember:
    """Insert an org member and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such org, user),
    ``InvalidInput`` (a bad value).
    """
    return _org_members.create(
        db, {"org_id": org_id, "user_id": user_id, "role": role, "invitation_status": invitation_status}
    )


def update_org_member(
    db: Executor, org_member_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> OrgMember:
    """Change only the given columns (names from ``UPDATABLE``) of org member ``org_member_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such org member, ``Conflict`` on a duplicate unique key.
    """
    return _org_members.update(db, org_member_id, changes, expected_updated_at=expected_updated_at)


def delete_org_member(db: Executor, org_member_id: int) -> None:
    """Delete org member ``org_member_id``. Raises ``NotFound`` if there is none."""
    _org_members.delete(db, org_member_id)
