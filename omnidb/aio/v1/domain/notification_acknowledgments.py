"""Acknowledging a notification: a user notification addressed to the user, or a role notification of
a role the user holds; once each.
"""

from __future__ import annotations

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, writing
from omnidb.aio.v1.declarations import NOTIFICATION_ACKNOWLEDGMENTS, ROLE_NOTIFICATIONS, USERS
from omnidb.aio.v1.domain._joined import create, transaction_of
from omnidb.convert import check_id, structure
from omnidb.errors import Conflict, InvalidInput, NotFound, ParentNotFound
from omnidb.v1.tables import NotificationAcknowledgment, UserNotification

__all__ = ["acknowledge_notification"]


async def acknowledge_notification(
    db: AsyncExecutor, user_id: int, *, notification_id: int | None = None, role_notification_id: int | None = None
) -> NotificationAcknowledgment:
    """User ``user_id`` acknowledges user notification ``notification_id`` (which also marks it read) or
    role notification ``role_notification_id``; return the acknowledgment.

    Raises ``InvalidInput`` unless exactly one of the two is given, or when the notification is not
    addressed to the user (another user's, or a role the user does not hold); ``ParentNotFound`` for
    a missing notification, or a missing (or deleted) user; ``Conflict`` when the user has already
    acknowledged it. Nothing is written on a refusal.
    """
    user_id = check_id("user_id", user_id)
    if (notification_id is None) == (role_notification_id is None):
        raise InvalidInput(
            "acknowledge_notification: give exactly one of notification_id and role_notification_id",
            field="notification_id",
        )
    q = registry.version(1)
    async with transaction_of(db) as tx, writing(tx) as conn:
        if notification_id is not None:
            notification_id = check_id("notification_id", notification_id)
            row = await q.lock_user_notification(conn, id=notification_id)
            if row is None:
                raise ParentNotFound("user notification", notification_id)
            notification = structure(row, UserNotification)
            if notification.user_id != user_id:
                await _require_user(conn, user_id)
                raise InvalidInput(
                    f"user notification {notification_id} is addressed to another user, not user {user_id}",
                    field="notification_id",
                )
            what = f"user notification {notification_id}"
        else:
            role_notification_id = check_id("role_notification_id", role_notification_id)
            try:
                role_notification = await ROLE_NOTIFICATIONS.fetch(conn, role_notification_id)
            except NotFound:
                raise ParentNotFound("role notification", role_notification_id) from None
            if not await q.count_user_role_holdings(conn, user_id=user_id, role_id=role_notification.role_id):
                await _require_user(conn, user_id)
                raise InvalidInput(
                    f"role notification {role_notification_id} is addressed to role {role_notification.role_id}, "
                    f"which user {user_id} does not hold",
                    field="role_notification_id",
                )
            what = f"role notification {role_notification_id}"
        ids = {"notification_id": notification_id, "role_notification_id": role_notification_id}
        if await q.count_acknowledgments_by(conn, user_id=user_id, **ids):
            raise Conflict(f"{what} is already acknowledged by user {user_id}")
        acknowledgment = await create(NOTIFICATION_ACKNOWLEDGMENTS, tx, {"user_id": user_id, **ids})
        if notification_id is not None:
            await q.mark_user_notification_read(conn, id=notification_id)
        return acknowledgment


async def _require_user(conn: AsyncConnection, user_id: int) -> None:
    """``ParentNotFound`` when there is no user ``user_id`` (or it is deleted): a notification refused
    as "not addressed to" a user who does not exist would send the caller after the wrong id."""
    try:
        await USERS.fetch(conn, user_id)
    except NotFound:
        raise ParentNotFound("user", user_id) from None
