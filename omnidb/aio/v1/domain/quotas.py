"""Quotas checked against usage: what an org uses of what its quota allows, and what is over.

Upstream OmniOrchestrator does not refuse a create over quota; :func:`require_within_quota` lets
the caller refuse one (a scale-up, a new route) before it writes.
"""

from __future__ import annotations

import math

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.aio.v1.declarations import ORGS
from omnidb.convert import check_id, shown_number, structure
from omnidb.errors import Conflict, InvalidInput, NotFound
from omnidb.v1.tables import Quota
from omnidb.v1.views import OrgUsage, QuotaExcess, QuotaReport

__all__ = ["check_quota", "get_org_usage", "require_within_quota"]

#: Each limit of ``quotas`` and the usage it bounds (a None limit is no limit).
LIMITS = {
    "instance_limit": "instances",
    "memory_limit": "memory_mb",
    "cpu_limit": "cpu",
    "disk_limit": "disk_mb",
    "routes_limit": "routes",
    "services_limit": "services",
    "domains_limit": "domains",
    "concurrent_builds_limit": "builds_running",
}


async def _usage(conn: AsyncConnection, org_id: int) -> OrgUsage:
    row = await registry.version(1).get_org_usage(conn, org_id=org_id)
    return structure({"org_id": org_id, **row}, OrgUsage)


async def _report(conn: AsyncConnection, org_id: int, extra: dict[str, float]) -> QuotaReport:
    await ORGS.fetch(conn, org_id)
    row = await registry.version(1).get_quota_of_org(conn, org_id=org_id)
    if row is None:
        raise NotFound("quota", f"of org {org_id}")
    quota = structure(row, Quota)
    usage = await _usage(conn, org_id)
    over = []
    for limit_name, usage_name in LIMITS.items():
        allowed = getattr(quota, limit_name)
        used = getattr(usage, usage_name) + extra.get(usage_name, 0)
        if allowed is not None and used > allowed:
            over.append(QuotaExcess(limit=limit_name, allowed=allowed, used=used))
    return QuotaReport(quota=quota, usage=usage, over=over)


async def get_org_usage(db: AsyncExecutor, org_id: int) -> OrgUsage:
    """Return what org ``org_id`` uses of what quotas limit. Raises ``NotFound`` for no such org."""
    org_id = check_id("org_id", org_id)

    async def read(conn: AsyncConnection) -> OrgUsage:
        await ORGS.fetch(conn, org_id)
        return await _usage(conn, org_id)

    return await run_read(db, read)


async def check_quota(db: AsyncExecutor, org_id: int) -> QuotaReport:
    """Return org ``org_id``'s quota (its newest live one), its usage, and every limit it is over.

    Raises ``NotFound`` for no such org, or an org without a quota.
    """
    org_id = check_id("org_id", org_id)

    async def read(conn: AsyncConnection) -> QuotaReport:
        return await _report(conn, org_id, {})

    return await run_read(db, read)


async def require_within_quota(
    db: AsyncExecutor,
    org_id: int,
    *,
    instances: int = 0,
    memory_mb: float = 0,
    cpu: float = 0,
    disk_mb: float = 0,
    routes: int = 0,
    services: int = 0,
    domains: int = 0,
    builds: int = 0,
) -> QuotaReport:
    """Check that org ``org_id`` stays within its quota after adding the amounts given; return the report.

    Raises ``Conflict`` naming the first limit it would pass (``org 5 would be over instance_limit of
    quota 'default': 11 of 10``), ``NotFound`` (no such org, or no quota), ``InvalidInput`` for a
    negative amount.
    """
    org_id = check_id("org_id", org_id)
    extra = {
        "instances": instances,
        "memory_mb": memory_mb,
        "cpu": cpu,
        "disk_mb": disk_mb,
        "routes": routes,
        "services": services,
        "domains": domains,
        "builds_running": builds,
    }
    for name, amount in extra.items():
        # Counts are whole; sizes may be fractional but finite (a NaN compares false with every
        # limit, and would pass them all).
        whole = name not in ("memory_mb", "cpu", "disk_mb")
        kinds = (int,) if whole else (int, float)
        field = "builds" if name == "builds_running" else name
        if isinstance(amount, bool) or not isinstance(amount, kinds) or amount != amount or amount < 0:
            wanted = "a whole number (int)" if whole else "a finite number"
            raise InvalidInput(f"{field}: expected {wanted} >= 0, got {amount!r}", field=field)
        # math.isfinite raises OverflowError on an int past a float's range: such an amount is refused
        if amount > _LARGEST or (isinstance(amount, float) and not math.isfinite(amount)):
            raise InvalidInput(f"{field}: {shown_number(amount)} is out of range (at most {_LARGEST})", field=field)

    async def read(conn: AsyncConnection) -> QuotaReport:
        return await _report(conn, org_id, extra)

    report = await run_read(db, read)
    if report.over:
        first = report.over[0]
        raise Conflict(
            f"org {org_id} would be over {first.limit} of quota {report.quota.name!r}: "
            f"{_shown(first.used)} of {_shown(first.allowed)}"
        )
    return report


_LARGEST = 2**63 - 1  # a BIGINT: every limit and count a quota holds is below it


def _shown(amount: float) -> str:
    """An amount as people write it: 1000007, not 1.00001e+06; 0.5 as 0.5."""
    return str(int(amount)) if float(amount).is_integer() else f"{amount:g}"
