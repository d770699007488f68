"""User notifications beyond CRUD: unread counts, marking all of a user's notifications read.

Marking one read is the declared action ``mark_user_notification_read``; acknowledging is
``acknowledge_notification`` (``omnidb/v1/domain/notification_acknowledgments.py``).
"""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read, writing
from omnidb.convert import check_id
from omnidb.v1.views import UnreadNotificationCounts

__all__ = ["count_unread_user_notifications", "mark_all_user_notifications_read", "unread_notification_counts"]


async def count_unread_user_notifications(db: AsyncExecutor, user_id: int) -> int:
    """Return how many notifications of user ``user_id`` are unread (0 for an unknown user)."""
    user_id = check_id("user_id", user_id)
    query = registry.version(1).count_unread_user_notifications

    async def read(conn: AsyncConnection) -> int:
        return int(await query(conn, user_id=user_id))

    return await run_read(db, read)


async def mark_all_user_notifications_read(db: AsyncExecutor, user_id: int) -> int:
    """Mark every unread notification of user ``user_id`` read; return how many there were."""
    user_id = check_id("user_id", user_id)
    async with writing(db) as conn:
        return int(await registry.version(1).mark_all_user_notifications_read(conn, user_id=user_id))


async def unread_notification_counts(db: AsyncExecutor, user_id: int) -> UnreadNotificationCounts:
    """Return what user ``user_id`` has not read: unread user notifications, role notifications of the
    roles the user holds not yet acknowledged, and unread general notifications, read in one snapshot.
    """
    user_id = check_id("user_id", user_id)
    q = registry.version(1)

    async def counts(conn: AsyncConnection) -> UnreadNotificationCounts:
        return UnreadNotificationCounts(
            user_id=user_id,
            user_notifications=int(await q.count_unread_user_notifications(conn, user_id=user_id)),
            role_notifications=int(await q.count_unacknowledged_role_notifications(conn, user_id=user_id)),
            notifications=int(await q.count_unread_notifications(conn, user_id=user_id)),
        )

    return await run_read(db, counts)
