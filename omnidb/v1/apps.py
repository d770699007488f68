"""Apps (table ``apps``). Queries: ``queries/v1/apps.sql``.

The applications the orchestrator deploys. An app's name is unique within its org. Soft-deletable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from omnidb.errors import InvalidInput
from omnidb.resource import Resource
from omnidb.transaction import Executor
from omnidb.v1.tables import App, AppStatus

#: Columns update_app may change; every other column is fixed once the row exists.
UPDATABLE = frozenset(
    {
        "space_id",
        "region_id",
        "name",
        "display_name",
        "git_repo",
        "git_branch",
        "container_image_url",
        "instances",
        "status",
        "maintenance_mode",
        "labels",
    }
)

_apps = Resource(
    App,
    version=1,
    singular="app",
    plural="apps",
    filters=("org_id", "space_id", "region_id", "status"),
    updatable=UPDATABLE,
    parents={"org_id": "org", "space_id": "space", "region_id": "region"},
)


def get_app_by_id(db: Executor, app_id: int) -> App:
    """Return app ``app_id``. Raises ``NotFound`` if there is none or it is deleted."""
    return _apps.get(db, app_id)


def list_apps(
    db: Executor,
    page: int = 0,
    per_page: int = 20,
    *,
    org_id: int | None = None,
    space_id: int | None = None,
    region_id: int | None = None,
    status: AppStatus | None = None,
) -> list[App]:
    """Return one page of apps, newest first (soft-deleted ones left out).

    Filters left None match everything.
    ``per_page`` is 1 to 1000; a bad page raises ``InvalidInput``.
    """
    return _apps.page(
        db, page, per_page, {"org_id": org_id, "space_id": space_id, "region_id": region_id, "status": status}
    )


def count_apps(
    db: Executor,
    *,
    org_id: int | None = None,
    space_id: int | None = None,
    region_id: int | None = None,
    status: AppStatus | None = None,
) -> int:
    """Return how many apps ``list_apps`` pages through with the same filters."""
    return _apps.count(db, {"org_id": org_id, "space_id": space_id, "region_id": region_id, "status": status})


def create_app(
    db: Executor,
    *,
    org_id: int,
    name: str,
    space_id: int | None = None,
    region_id: int | None = None,
    display_name: str | None = None,
    git_repo: str | None = None,
    git_branch: str | None = None,
    container_image_url: str | None = None,
    instances: int | None = None,
    status: AppStatus | None = None,
    maintenance_mode: bool | None = None,
    labels: dict[str, Any] | None = None,
) -> App:
    """Insert an app and return it as stored. None for a column with a default stores the default.

    Raises ``Conflict`` (a duplicate unique key), ``ParentNotFound`` (no such org, region, space),
    ``InvalidInput`` (a bad value).
    """
    return _apps.create(
        db,
        {
            "org_id": org_id,
            "space_id": space_id,
            "region_id": region_id,
            "name": name,
            "display_name": display_name,
            "git_repo": git_repo,
            "git_branch": git_branch,
            "container_image_url": container_image_url,
            "instances": instances,
            "status": status,
            "maintenance_mode": maintenance_mode,
            "labels": labels,
        },
    )


def update_app(db: Executor, app_id: int, *, expected_updated_at: datetime | None = None, **changes: Any) -> App:
    """Change only the given columns (names from ``UPDATABLE``) of app ``app_id``; return it.

    With ``expected_updated_at`` (the ``updated_at`` you read) it applies only if nobody changed the
    row since, else ``Conflict``. Raises ``InvalidInput`` for no or unknown fields or a bad value,
    ``NotFound`` if there is no such app, ``Conflict`` on a duplicate unique key.
    """
    return _apps.update(db, app_id, changes, expected_updated_at=expected_updated_at)


def delete_app(db: Executor, app_id: int) -> None:
    """Soft-delete app ``app_id``. Raises ``NotFound`` if there is none (or it is already deleted)."""
    _apps.delete(db, app_id)


def get_app_by_name(db: Executor, org_id: int, name: str) -> App:
    """Return the app named ``name`` in org ``org_id``. Raises ``NotFound``."""
    return _apps.select_one(db, "get_app_by_name", f"{name!r} in org {org_id}", org_id=org_id, name=name)


def start_app(db: Executor, app_id: int) -> App:
    """Mark app ``app_id`` as starting (the orchestrator sets ``started`` once instances run)."""
    return _apps.act(db, "set_app_status", app_id, status=AppStatus.STARTING)


def stop_app(db: Executor, app_id: int) -> App:
    """Mark app ``app_id`` as stopping (the orchestrator sets ``stopped`` once instances are down)."""
    return _apps.act(db, "set_app_status", app_id, status=AppStatus.STOPPING)


def set_app_status(db: Executor, app_id: int, status: AppStatus) -> App:
    """Set the status of app ``app_id`` (e.g. ``started``, ``crashed``) and return it."""
    return _apps.act(db, "set_app_status", app_id, status=status)


def scale_app(db: Executor, app_id: int, instances: int) -> App:
    """Set the desired instance count of app ``app_id``. Raises ``InvalidInput`` below 0."""
    if isinstance(instances, bool) or not isinstance(instances, int) or instances < 0:
        raise InvalidInput(f"instances must be a whole number >= 0, got {instances!r}", field="instances")
    return _apps.act(db, "scale_app", app_id, instances=instances)


def set_maintenance_mode(db: Executor, app_id: int, enabled: bool) -> App:
    """Turn maintenance mode of app ``app_id`` on or off and return the app."""
    return _apps.act(db, "set_app_maintenance_mode", app_id, maintenance_mode=bool(enabled))


def list_apps_after(
    db: Executor,
    after_id: int | None = None,
    limit: int = 100,
    *,
    org_id: int | None = None,
    status: AppStatus | None = None,
) -> list[App]:
    """Keyset pagination: up to ``limit`` apps with ids below ``after_id``, newest first.

    Pass the last id of a page to get the next one (None: start at the newest). A deep page costs
    what the first one does, unlike ``list_apps(page=...)``, whose OFFSET reads past every row
    before it.
    """
    return _apps.page_after(db, limit, {"after_id": after_id}, {"org_id": org_id, "status": status})


def create_apps(db: Executor, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many apps in one transaction, in multi-row INSERTs; return how many were inserted.

    Columns left out take their defaults (status stopped, one instance, branch main). A row with an
    unknown or missing required column is ``InvalidInput``, and nothing is inserted.
    """
    return _apps.bulk(db, rows, required=("org_id", "name"))
