"""The general inbox beyond CRUD: a user's unread count. Marking one read is ``mark_notification_read``."""

from __future__ import annotations

from omnidb import registry
from omnidb.convert import check_id
from omnidb.transaction import Executor, run_read

__all__ = ["count_unread_notifications"]


def count_unread_notifications(db: Executor, user_id: int) -> int:
    """Return how many notifications of user ``user_id`` are unread (0 for an unknown user)."""
    user_id = check_id("user_id", user_id)
    query = registry.version(1).count_unread_notifications
    return run_read(db, lambda conn: int(query(conn, user_id=user_id)))
