"""Role notifications as a user sees them: those of the roles the user holds, with whether the user
has acknowledged each.
"""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.convert import check_id, structure
from omnidb.resource import page_window
from omnidb.v1.views import RoleNotificationForUser

__all__ = ["count_unacknowledged_role_notifications", "list_role_notifications_for_user"]


async def list_role_notifications_for_user(
    db: AsyncExecutor, user_id: int, page: int = 0, per_page: int = 20
) -> list[RoleNotificationForUser]:
    """Return one page of the notifications addressed to the roles user ``user_id`` holds, newest first,
    each with ``acknowledged_at`` (None: the user has not acknowledged it).

    Raises ``InvalidInput`` for a bad id or page.
    """
    user_id = check_id("user_id", user_id)
    limit, offset = page_window(page, per_page)
    query = registry.version(1).list_role_notifications_for_user

    async def read(conn: AsyncConnection) -> list[RoleNotificationForUser]:
        rows = query(conn, user_id=user_id, limit=limit, offset=offset)
        return [structure(row, RoleNotificationForUser) async for row in rows]

    return await run_read(db, read)


async def count_unacknowledged_role_notifications(db: AsyncExecutor, user_id: int) -> int:
    """Return how many notifications of the roles user ``user_id`` holds the user has not acknowledged."""
    user_id = check_id("user_id", user_id)
    query = registry.version(1).count_unacknowledged_role_notifications

    async def read(conn: AsyncConnection) -> int:
        return int(await query(conn, user_id=user_id))

    return await run_read(db, read)
