"""Routes (table ``routes``). Queries: ``queries/v1/routes.sql``.

host + path under a domain, served by an app.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import Route, RouteStatus

#: Columns update_route may change; every other column is fixed once the row exists.
UPDATABLE = frozenset({"app_id", "host", "path", "port", "weight", "https_only", "internal", "status"})

_routes = Resource(
    Route,
    version=1,
    singular="route",
    plural="routes",
    filters=("domain_id", "app_id", "status"),
    updatable=UPDATABLE,
    parents={"domain_id": "domain", "app_id": "app"},
)


def get_route_by_id(db: Executor, route_id: int) -> Route:
    """Return route ``route_id``. Raises ``NotFound`` if there is none."""
    return _routes.get(db, route_id)


def list_routes(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    domain_id: int | None = None,
    app_id: int | None = None,
    status: RouteStatus | None = None,
) -> list[Route]:
    """Return one page of routes, newest first.

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _routes.page(db, page, per_page, {"domain_id": domain_id, "app_id": app_id, "status": status})


def count_routes(
    db: Executor, *, domain_id: int | None = None, app_id: int | None = None, status: RouteStatus | None = None
) -> int:
    """Return how many routes ``list_routes`` pages through with the same filters."""
    return _routes.count(db, {"domain_id": domain_id, "app_id": app_id, "status": status})


def create_route(
    db: Executor,
    *,
    domain_id: int,
    app_id: int | None = None,
    host: str | None = None,
    path: str | None = None,
    port: int | None = None,
    weight: int | None = None,
    https_only: bool | None = None,
    internal: bool | None = None,
    status: RouteStatus | None = None,
) -> Route:
    """Insert a route and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such app, domain),
    ``InvalidInput`` (a bad value).
    """
    return _routes.create(
        db,
        {
            "domain_id": domain_id,
            "app_id": app_id,
            "host": host,
            "path": path,
            "port": port,
            "weight": weight,
            "https_only": https_only,
            "internal": internal,
            "status": status,
        },
    )


def update_route(db: Executor, route_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> Route:
    """Change only the given columns (names from ``UPDATABLE``) of route ``route_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such route, ``Conflict`` on a duplicate unique key.
    """
    return _routes.update(db, route_id, changes, expected_updated_at=expected_updated_at)


def delete_route(db: Executor, route_id: int) -> None:
    """Delete route ``route_id``. Raises ``NotFound`` if there is none."""
    _routes.delete(db, route_id)
