"""Sessions beyond CRUD: open one for a token, validate a token, list and invalidate sessions.

The client keeps a random token; omnidb stores only its SHA-256 hash (:func:`hash_token`) in
``session_token``, so a leaked table does not hand out sessions. A token, or its hash, is never
put in a message or a log line.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Any

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read, writing
from omnidb.aio.v1.declarations import USER_SESSIONS
from omnidb.convert import check_id, structure
from omnidb.errors import Conflict, InvalidInput, NotFound
from omnidb.v1.tables import UserSession

# hash_token is not exported: the generated modules re-export functions taking an executor first.
__all__ = [
    "invalidate_session",
    "invalidate_sessions_of_user",
    "list_active_sessions",
    "open_session",
    "validate_session",
]

#: The users.status values whose sessions are refused, as sign-in refuses them (users.log_in).
_REFUSED = ("deactivated", "suspended")

#: Tokens shorter than this are refused: a session token must be a random secret, not a word.
MIN_TOKEN_LENGTH = 16


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored for ``token``. ``InvalidInput`` for a short or non-string token."""
    if not isinstance(token, str) or len(token) < MIN_TOKEN_LENGTH:
        raise InvalidInput(f"token: expected a random string of {MIN_TOKEN_LENGTH}+ characters", field="token")
    try:
        return hashlib.sha256(token.encode()).hexdigest()
    except UnicodeEncodeError:
        raise InvalidInput("token: not valid Unicode text (a lone surrogate)", field="token") from None


async def open_session(
    db: AsyncExecutor,
    user_id: int,
    token: str,
    expires_at: datetime,
    *,
    refresh_token: str | None = None,
    ip_address: str | None = None,
    user_agent: str | None = None,
    device_info: dict[str, Any] | None = None,
    location_info: dict[str, Any] | None = None,
) -> UserSession:
    """Store a new active session of user ``user_id`` for ``token`` (its hash), until ``expires_at``.

    Raises ``InvalidInput`` (a short token, ``expires_at`` naive or not in the future),
    ``ParentNotFound`` (no such user), ``Conflict`` (the token is already in use).
    """
    user_id = check_id("user_id", user_id)
    hashed = hash_token(token)
    refresh = None if refresh_token is None else hash_token(refresh_token)
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        raise InvalidInput("expires_at: expected an aware datetime", field="expires_at")
    if expires_at <= datetime.now(timezone.utc):
        raise InvalidInput("expires_at: must be in the future", field="expires_at")
    values = {
        "user_id": user_id,
        "session_token": hashed,
        "refresh_token": refresh,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "device_info": device_info,
        "location_info": location_info,
        "is_active": True,
        "last_activity": datetime.now(timezone.utc),
        "expires_at": expires_at,
    }
    try:
        return await USER_SESSIONS.create(db, values)
    except Conflict:
        # The duplicate-key message would quote the hash: say what happened without it.
        raise Conflict("user session already exists for that token") from None


async def validate_session(db: AsyncExecutor, token: str) -> UserSession:
    """Return the session of ``token`` if it is active and not expired, and its user may still sign
    in (not deleted, active, neither deactivated nor suspended), stamping ``last_activity``.

    Raises ``NotFound`` (no session has that token), ``Conflict`` naming why it is not valid
    (``user session 5 is invalidated``, ``user session 5 expired at ...``, ``user session 5 is not
    valid: user 7 is suspended``), ``InvalidInput``.
    """
    hashed = hash_token(token)
    q = registry.version(1)
    async with writing(db) as conn:
        # The touch locks the session's row only; the user's state comes from a plain read after it,
        # which waits for no write to the user. A refusal raised here rolls the touch back (on a
        # Database; in a caller's transaction, with it).
        touched = await q.touch_user_session(conn, session_token=hashed)
        row = await q.get_user_session_with_user_state(conn, session_token=hashed)
        if row is None:
            raise NotFound("user session", "for that token")
        values = dict(row)
        state = _state_of(values.pop("user_active"), values.pop("user_status"), values.pop("user_deleted_at"))
        session = structure(values, UserSession)
        if not session.is_active:
            raise Conflict(f"user session {session.id} is invalidated")
        if state != "active":
            raise Conflict(f"user session {session.id} is not valid: user {session.user_id} is {state}")
        if not touched:
            raise Conflict(f"user session {session.id} expired at {session.expires_at:%Y-%m-%d %H:%M:%S} UTC")
        return session


async def _user_state(conn: AsyncConnection, user_id: int) -> str:
    """Why user ``user_id`` may not hold a session (``deleted``, ``suspended``...), or ``active``;
    ``NotFound`` when there is no such user, deleted or not."""
    row = await registry.version(1).get_session_user_state(conn, user_id=user_id)
    if row is None:
        raise NotFound("user", user_id)
    return _state_of(row["active"], row["status"], row["deleted_at"])


def _state_of(active: Any, status: Any, deleted_at: Any) -> str:
    """``deleted``, ``deactivated``, ``suspended``, ``inactive``, or ``active`` (may hold a session)."""
    if deleted_at is not None:
        return "deleted"
    if status in _REFUSED:
        return str(status)
    return "active" if active else "inactive"


async def list_active_sessions(db: AsyncExecutor, user_id: int) -> list[UserSession]:
    """Return the sessions of user ``user_id`` that are active and not expired, newest first (a
    deleted user's too, so that they can be ended).

    Raises ``NotFound`` if there is no such user.
    """
    user_id = check_id("user_id", user_id)

    async def read(conn: AsyncConnection) -> list[UserSession]:
        await _user_state(conn, user_id)  # NotFound for no such user
        rows = registry.version(1).list_active_user_sessions(conn, user_id=user_id)
        return [structure(row, UserSession) async for row in rows]

    return await run_read(db, read)


async def invalidate_session(db: AsyncExecutor, user_session_id: int) -> UserSession:
    """End session ``user_session_id``; return it. Raises ``NotFound``, ``Conflict`` if already ended."""
    user_session_id = check_id("user_session_id", user_session_id)
    async with writing(db) as conn:
        if not await registry.version(1).invalidate_user_session(conn, id=user_session_id):
            await USER_SESSIONS.fetch(conn, user_session_id)  # raises NotFound when missing
            raise Conflict(f"user session {user_session_id} is invalidated already")
        return await USER_SESSIONS.fetch(conn, user_session_id)


async def invalidate_sessions_of_user(db: AsyncExecutor, user_id: int) -> int:
    """End every active session of user ``user_id`` (deleted or not); return how many ended. Raises
    ``NotFound`` for no such user."""
    user_id = check_id("user_id", user_id)
    async with writing(db) as conn:
        await _user_state(conn, user_id)  # NotFound for no such user
        return int(await registry.version(1).invalidate_user_sessions_of_user(conn, user_id=user_id))
