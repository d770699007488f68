"""The general inbox beyond CRUD: a user's unread count. Marking one read is ``mark_notification_read``."""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read
from omnidb.convert import check_id

__all__ = ["count_unread_notifications"]


async def count_unread_notifications(db: AsyncExecutor, user_id: int) -> int:
    """Return how many notifications of user ``user_id`` are unread (0 for an unknown user)."""
    user_id = check_id("user_id", user_id)
    query = registry.version(1).count_unread_notifications

    async def read(conn: AsyncConnection) -> int:
        return int(await query(conn, user_id=user_id))

    return await run_read(db, read)
