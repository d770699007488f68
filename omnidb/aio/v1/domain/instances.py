"""Instances seen from their apps: apps with their instance counts, an app with its instances.

These live with instances (whose struct V2 leaves as it is) so that V2 re-exports them behind its
version guard; they return V1's ``App``, read by V1's ``get_app_by_id``/``list_apps``.
"""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.aio.v1.declarations import APPS, INSTANCES
from omnidb.convert import check_id, structure
from omnidb.v1.tables import HealthCheck, Instance
from omnidb.v1.views import AppWithInstanceCount, AppWithInstances, InstanceHealth

__all__ = ["get_app_with_instances", "get_instance_health", "list_apps_with_instance_counts"]


async def list_apps_with_instance_counts(
    db: AsyncExecutor, page: int = 0, per_page: int = 20, *, org_id: int | None = None
) -> list[AppWithInstanceCount]:
    """Return one page of apps (as ``list_apps``: newest first, deleted ones left out) with how many
    instances each has, whatever their status.

    Raises ``InvalidInput`` for a bad page or ``org_id``.
    """
    apps = await APPS.page(db, page, per_page, {"org_id": org_id})
    if not apps:
        return []
    limit, offset = per_page, page * per_page
    bound_org = None if org_id is None else check_id("org_id", org_id)

    async def counts(conn: AsyncConnection) -> dict[int, int]:
        rows = registry.version(1).count_instances_of_apps_page(conn, org_id=bound_org, limit=limit, offset=offset)
        return {int(row["app_id"]): int(row["instance_count"]) async for row in rows}

    # An app created or deleted between the two reads shifts the page: its count is then read as 0
    # for an app the second read did not see, never attributed to another app.
    found = await run_read(db, counts)
    return [AppWithInstanceCount(app=app, instance_count=found.get(app.id, 0)) for app in apps]


async def get_app_with_instances(db: AsyncExecutor, app_id: int) -> AppWithInstances:
    """Return app ``app_id`` and all its instances, by instance index.

    Raises ``NotFound`` if there is no such app or it is deleted.
    """
    app_id = check_id("app_id", app_id)

    async def read(conn: AsyncConnection) -> AppWithInstances:
        app = await APPS.fetch(conn, app_id)
        rows = registry.version(1).list_instances_of_app(conn, app_id=app_id)
        return AppWithInstances(app=app, instances=[structure(row, Instance) async for row in rows])

    return await run_read(db, read)


async def get_instance_health(db: AsyncExecutor, instance_id: int) -> InstanceHealth:
    """Return the latest health recorded for instance ``instance_id`` (``record_instance_health``) and
    the health checks its app defines, read on one session.

    Raises ``NotFound`` if there is no such instance.
    """
    instance_id = check_id("instance_id", instance_id)

    async def read(conn: AsyncConnection) -> InstanceHealth:
        instance = await INSTANCES.fetch(conn, instance_id)
        rows = registry.version(1).list_health_checks_of_app(conn, app_id=instance.app_id)
        return InstanceHealth(
            instance_id=instance.id,
            app_id=instance.app_id,
            health_status=instance.health_status.value,
            last_health_check=instance.last_health_check,
            cpu_usage=instance.cpu_usage,
            memory_usage=instance.memory_usage,
            checks=[structure(row, HealthCheck) async for row in rows],
        )

    return await run_read(db, read)
