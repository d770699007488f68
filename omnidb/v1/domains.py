"""Domains (table ``domains``). Queries: ``queries/v1/domains.sql``.

DNS domains routes are served under. Soft-deletable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Domain, DomainType, DomainVerificationMethod, DomainVerificationStatus

#: Columns update_domain may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "domain_type",
        "ssl_enabled",
        "ssl_expiry_date",
        "auto_renew",
        "verified",
        "verification_method",
        "verification_status",
    }
)

_domains = Resource(
    Domain,
    version=1,
    singular="domain",
    plural="domains",
    filters=("org_id", "verification_status"),
    updatable=UPDATABLE,
    parents={"org_id": "org"},
)


def get_domain_by_id(db: Executor, domain_id: int) -> Domain:
    """Return domain ``domain_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _domains.get(db, domain_id)


def list_domains(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    org_id: int | None = None,
    verification_status: DomainVerificationStatus | None = None,
) -> list[Domain]:
    """Return one page of domains, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _domains.page(db, page, per_page, {"org_id": org_id, "verification_status": verification_status})


def count_domains(
    db: Executor, *, org_id: int | None = None, verification_status: DomainVerificationStatus | None = None
) -> int:
    """Return how many domains ``list_domains`` pages through with the same filters."""
    return _domains.count(db, {"org_id": org_id, "verification_status": verification_status})


def create_domain(
    db: Executor,
    *,
    name: str,
    org_id: int | None = None,
    domain_type: DomainType | None = None,
    ssl_enabled: bool | None = None,
    ssl_expiry_date: date | None = None,
    auto_renew: bool | None = None,
    verified: bool | None = None,
    verification_method: DomainVerificationMethod | None = None,
    verification_status: DomainVerificationStatus | None = None,
) -> Domain:
    """Insert a domain and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such org), ``InvalidInput``
    (a bad value).
    """
    return _domains.create(
        db,
        {
            "org_id": org_id,
            "name": name,
            "domain_type": domain_type,
            "ssl_enabled": ssl_enabled,
            "ssl_expiry_date": ssl_expiry_date,
            "auto_renew": auto_renew,
            "verified": verified,
            "verification_method": verification_method,
            "verification_status": verification_status,
        },
    )


def update_domain(
    db: Executor, domain_id: int, *, expected_updated_at: datetime | None = None, **changes: Any
) -> Domain:
    """Change only the given columns (names from ``UPDATABLE``) of domain ``domain_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such domain, ``Conflict`` on a duplicate unique key.
    """
    return _domains.update(db, domain_id, changes, expected_updated_at=expected_updated_at)


def delete_domain(db: Executor, domain_id: int) -> None:
    """Soft-delete domain ``domain_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _domains.delete(db, domain_id)


def mark_domain_verified(db: Executor, domain_id: int) -> Domain:
    """Mark domain ``domain_id`` as verified and return it."""
    return _domains.act(db, "mark_domain_verified", domain_id)
