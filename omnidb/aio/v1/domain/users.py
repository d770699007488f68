"""Users beyond CRUD: sign-in with lockout, password change, two-factor state, effective access.

Hashing is the caller's: omnidb stores and compares the salted hash it is given, never a password,
and no message or log line carries a hash.
"""

from __future__ import annotations

import hmac

from omnidb.aio import registry
from omnidb.aio.pool import AsyncDatabase
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, AsyncTransaction, one_operation, run_read, writing
from omnidb.aio.v1.declarations import USERS
from omnidb.convert import check_id, checker, structure
from omnidb.errors import AccountLocked, AuthenticationFailed, Conflict, InvalidInput, NotFound
from omnidb.v1.tables import Permission, Role, User, UserStatus
from omnidb.v1.views import UserAccess

__all__ = ["change_password", "get_user_access", "log_in", "set_two_factor", "verify_two_factor"]

#: Failed sign-ins in a row that lock an account ...
MAX_FAILED_LOG_INS = 5
#: ... for this many minutes from the failure that reached the limit.
LOCKOUT_MINUTES = 15
#: The one message of a refused sign-in: it never says whether the e-mail exists.
WRONG_CREDENTIALS = "wrong e-mail or password"
_REFUSED_STATUSES = (UserStatus.DEACTIVATED, UserStatus.SUSPENDED)


def _secret(name: str, value: object) -> str:
    """``value`` if it is a non-empty string; else ``InvalidInput`` naming ``name`` (never the value)."""
    if not isinstance(value, str) or not value:
        raise InvalidInput(f"{name}: expected a non-empty string, got {type(value).__name__}", field=name)
    return str(checker(name, str)(value))  # valid Unicode (no lone surrogate), within a packet


async def log_in(db: AsyncDatabase, email: str, password_hash: str) -> User:
    """Sign user ``email`` in if ``password_hash`` matches the stored hash; return the user after it.

    A success stamps ``last_login_at`` and clears failed attempts and any lock. A mismatch counts one
    more failure, committed before this raises; the ``MAX_FAILED_LOG_INS``-th in a row locks the
    account for ``LOCKOUT_MINUTES``. ``db`` is the ``Database``: a sign-in is its own transaction.

    Raises ``AuthenticationFailed`` (unknown e-mail or wrong hash, one message for both),
    ``AccountLocked`` (a ``Conflict``, nothing written) while locked, ``Conflict`` for an inactive,
    deactivated or suspended user, ``InvalidInput`` for an empty e-mail or hash, ``TypeError`` for a
    transaction (nothing run).
    """
    if isinstance(db, AsyncTransaction):
        # In the caller's transaction the failure's count would be rolled back with it, by the very
        # error that reports the failure: the account would never lock, however many guesses.
        raise TypeError(
            "users.log_in takes the Database, not a transaction: it commits a failed sign-in's count "
            "before it raises, which a transaction rolled back by that error would undo"
        )
    _secret("email", email)
    _secret("password_hash", password_hash)
    q = registry.version(1)
    async with writing(db) as conn:
        row = await q.get_user_for_sign_in(conn, email=email)
        if row is not None:
            values = dict(row)
            locked = bool(values.pop("locked"))
            user = structure(values, User)
            if locked:
                raise AccountLocked(
                    f"user {user.id} is locked until {user.locked_until:%Y-%m-%d %H:%M:%S} UTC after "
                    f"{user.login_attempts} failed sign-ins",
                    locked_until=user.locked_until,
                )
            if not user.active or user.status in _REFUSED_STATUSES:
                state = user.status.value if user.status in _REFUSED_STATUSES else "inactive"
                raise Conflict(f"user {user.id} is {state}: cannot sign in")
            if hmac.compare_digest(user.password_hash.encode(), password_hash.encode()):
                await q.record_login(conn, id=user.id)
                return await USERS.fetch(conn, user.id)
            await q.record_failed_sign_in(
                conn, id=user.id, max_attempts=MAX_FAILED_LOG_INS, lock_minutes=LOCKOUT_MINUTES
            )
    # Raised after the block so that the failure just counted commits.
    raise AuthenticationFailed(WRONG_CREDENTIALS)


async def change_password(db: AsyncExecutor, user_id: int, password_hash: str, salt: str) -> User:
    """Replace user ``user_id``'s password hash and salt, stamp ``password_changed_at``, clear failed
    sign-ins and any lock, and invalidate every session of the user, in one transaction; return it.

    Raises ``NotFound``, ``InvalidInput`` for an empty hash or salt (nothing written).
    """
    user_id = check_id("user_id", user_id)
    _secret("password_hash", password_hash)
    _secret("salt", salt)
    q = registry.version(1)
    async with one_operation(db), writing(db) as conn:  # two writes: undone together in the caller's transaction
        if not await q.set_user_password(conn, id=user_id, password_hash=password_hash, salt=salt):
            raise NotFound("user", user_id)
        await q.invalidate_user_sessions_of_user(conn, user_id=user_id)
        return await USERS.fetch(conn, user_id)


async def set_two_factor(db: AsyncExecutor, user_id: int, enabled: bool) -> User:
    """Turn two-factor sign-in of user ``user_id`` on or off (unverified either way); return the user.

    Raises ``NotFound``, ``Conflict`` if it is already in that state, ``InvalidInput`` if
    ``enabled`` is not a bool.
    """
    user_id = check_id("user_id", user_id)
    if not isinstance(enabled, bool):
        raise InvalidInput(f"enabled: expected a bool, got {type(enabled).__name__}", field="enabled")
    async with writing(db) as conn:
        if not await registry.version(1).set_user_two_factor(conn, id=user_id, enabled=enabled):
            await USERS.fetch(conn, user_id)  # raises NotFound when the user is missing
            state = "enabled" if enabled else "disabled"
            raise Conflict(f"user {user_id} has two-factor sign-in {state} already")
        return await USERS.fetch(conn, user_id)


async def verify_two_factor(db: AsyncExecutor, user_id: int) -> User:
    """Mark the enabled two-factor sign-in of user ``user_id`` verified; return the user.

    Raises ``NotFound``, ``Conflict`` if two-factor is off or already verified.
    """
    user_id = check_id("user_id", user_id)
    async with writing(db) as conn:
        if not await registry.version(1).verify_user_two_factor(conn, id=user_id):
            user = await USERS.fetch(conn, user_id)  # raises NotFound when the user is missing
            state = "verified already" if user.two_factor_enabled else "disabled"
            raise Conflict(f"user {user_id} has two-factor sign-in {state}: cannot verify it")
        return await USERS.fetch(conn, user_id)


async def get_user_access(db: AsyncExecutor, user_id: int) -> UserAccess:
    """Return the roles user ``user_id`` holds and the permissions they grant (each once, newest first).

    Raises ``NotFound`` if there is no such user.
    """
    user_id = check_id("user_id", user_id)
    q = registry.version(1)

    async def read(conn: AsyncConnection) -> UserAccess:
        await USERS.fetch(conn, user_id)
        roles = [structure(row, Role) async for row in q.list_roles_of_user(conn, user_id=user_id)]
        permissions = [structure(row, Permission) async for row in q.list_permissions_of_user(conn, user_id=user_id)]
        return UserAccess(user_id=user_id, roles=roles, permissions=permissions)

    return await run_read(db, read)
