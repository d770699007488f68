"""Backups beyond CRUD: the backups of an org's apps, in keyset pages. Starting a backup is
``create_backup`` (CREATING); ``complete_backup`` and ``fail_backup`` end it; an app's backups are
``list_backups(primary_app_id=...)`` and ``list_backups_after(primary_app_id=...)``.
"""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.convert import check_id, structure
from omnidb.resource import page_window
from omnidb.v1.tables import Backup

__all__ = ["list_org_backups"]


async def list_org_backups(
    db: AsyncExecutor, org_id: int, after_id: int | None = None, limit: int = 100
) -> list[Backup]:
    """Return up to ``limit`` (1 to 1000) backups of org ``org_id``'s apps (by ``primary_app_id``) with
    ids below ``after_id`` (None: from the newest), newest first; pass the last id to get the next page.

    Raises ``InvalidInput`` for a bad id or limit.
    """
    org_id = check_id("org_id", org_id)
    after = None if after_id is None else check_id("after_id", after_id)
    page_window(0, limit)
    query = registry.version(1).list_org_backups

    async def read(conn: AsyncConnection) -> list[Backup]:
        return [structure(row, Backup) async for row in query(conn, org_id=org_id, after_id=after, limit=limit)]

    return await run_read(db, read)
