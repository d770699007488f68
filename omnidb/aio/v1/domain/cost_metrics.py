"""Cost metrics added up: totals by org, app, resource type and calendar month (GROUP BY queries returning
the result structs of ``omnidb/v1/views.py``). Each total is per currency: amounts in different
currencies are never added together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.aio.v1.domain._joined import bound
from omnidb.convert import check_id, structure
from omnidb.errors import InvalidInput
from omnidb.v1.views import CostByApp, CostByMonth, CostByOrg, CostByResourceType

__all__ = ["cost_totals_by_app", "cost_totals_by_month", "cost_totals_by_org", "cost_totals_by_resource_type"]

T = TypeVar("T")


def _span(since: datetime | None, until: datetime | None) -> dict[str, Any]:
    if since is not None and until is not None and since >= until:
        raise InvalidInput(f"since ({since.isoformat()}) must be before until ({until.isoformat()})", field="since")
    return {"since": bound("since", datetime | None, since), "until": bound("until", datetime | None, until)}


async def _totals(db: AsyncExecutor, query: Callable[..., Any], struct: type[T], params: dict[str, Any]) -> list[T]:
    async def read(conn: AsyncConnection) -> list[T]:
        return [structure(row, struct) async for row in query(conn, **params)]

    return await run_read(db, read)


def _id(name: str, value: int | None) -> int | None:
    return None if value is None else check_id(name, value)


async def cost_totals_by_org(
    db: AsyncExecutor, *, since: datetime | None = None, until: datetime | None = None
) -> list[CostByOrg]:
    """Return the cost metrics starting in [``since``, ``until``) added up per org and currency, the
    costliest first. Raises ``InvalidInput`` for a naive datetime or ``since`` not before ``until``.
    """
    return await _totals(db, registry.version(1).cost_totals_by_org, CostByOrg, _span(since, until))


async def cost_totals_by_app(
    db: AsyncExecutor, *, org_id: int | None = None, since: datetime | None = None, until: datetime | None = None
) -> list[CostByApp]:
    """Return the cost metrics of org ``org_id`` (None: every org) starting in [``since``, ``until``) added
    up per app and currency, the costliest first. Raises ``InvalidInput`` as ``cost_totals_by_org``.
    """
    params = {"org_id": _id("org_id", org_id), **_span(since, until)}
    return await _totals(db, registry.version(1).cost_totals_by_app, CostByApp, params)


async def cost_totals_by_resource_type(
    db: AsyncExecutor,
    *,
    org_id: int | None = None,
    app_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[CostByResourceType]:
    """Return the cost metrics of org ``org_id`` and app ``app_id`` (None: every one) starting in
    [``since``, ``until``) added up per resource type and currency, the costliest first.
    """
    params = {"org_id": _id("org_id", org_id), "app_id": _id("app_id", app_id), **_span(since, until)}
    return await _totals(db, registry.version(1).cost_totals_by_resource_type, CostByResourceType, params)


async def cost_totals_by_month(
    db: AsyncExecutor,
    *,
    org_id: int | None = None,
    app_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[CostByMonth]:
    """Return the cost metrics of org ``org_id`` and app ``app_id`` (None: every one) starting in
    [``since``, ``until``) added up per calendar month of ``start_time`` (``YYYY-MM``, UTC) and currency,
    oldest month first.
    """
    params = {"org_id": _id("org_id", org_id), "app_id": _id("app_id", app_id), **_span(since, until)}
    return await _totals(db, registry.version(1).cost_totals_by_month, CostByMonth, params)
