"""Organizations (table ``orgs``). Queries: ``queries/v1/orgs.sql``.

The tenants: every app, space and domain belongs to one. Soft-deletable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Org, OrgPlan, OrgStatus

#: Columns update_org may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"name", "display_name", "description", "billing_email", "plan", "status"})

_orgs = Resource(
    Org,
    version=1,
    singular="org",
    plural="orgs",
    filters=("status", "plan"),
    updatable=UPDATABLE,
)


def get_org_by_id(db: Executor, org_id: int) -> Org:
    """Return org ``org_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _orgs.get(db, org_id)


def list_orgs(
    db: Executor, page: int = 0, per_page: int = 20, *, status: OrgStatus | None = None, plan: OrgPlan | None = None
) -> list[Org]:
    """Return one page of orgs, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _orgs.page(db, page, per_page, {"status": status, "plan": plan})


def count_orgs(db: Executor, *, status: OrgStatus | None = None, plan: OrgPlan | None = None) -> int:
    """Return how many orgs ``list_orgs`` pages through with the same filters."""
    return _orgs.count(db, {"status": status, "plan": plan})


def create_org(
    db: Executor,
    *,
    name: str,
    display_name: str | None = None,
    description: str | None = None,
    billing_email: str | None = None,
    plan: OrgPlan | None = None,
    status: OrgStatus | None = None,
) -> Org:
    """Insert an org and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``InvalidInput`` (a bad value).
    """
    return _orgs.create(
        db,
        {
            "name": name,
            "display_name": display_name,
            "description": description,
            "billing_email": billing_email,
            "plan": plan,
            "status": status,
        },
    )


def update_org(db: Executor, org_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> Org:
    """Change only the given columns (names from ``UPDATABLE``) of org ``org_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such org, ``Conflict`` on a duplicate unique key.
    """
    return _orgs.update(db, org_id, changes, expected_updated_at=expected_updated_at)


def delete_org(db: Executor, org_id: int) -> None:
    """Soft-delete org ``org_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _orgs.delete(db, org_id)


def get_org_by_name(db: Executor, name: str) -> Org:
    """Return the org named ``name``. Raises ``NotFound``."""
    return _orgs.select_one(db, "get_org_by_name", repr(name), name=name)
