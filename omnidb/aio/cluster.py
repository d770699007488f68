"""The cluster features of :mod:`omnidb.cluster`, for asyncio sessions.

What is pure (a server's role and the checks on it, the hosts' back-off, the session settings, the
context switches ``causal_reads()`` and ``replica_reads()``) is the sync module's own, shared: a
host put in back-off by a sync pool is tried last by an async one too, and
``with omnidb.cluster.causal_reads():`` applies to the awaited calls in its block (context variables
follow the task). What talks to the server is here, awaited: reading a role, opening a session on
the first host of a multi-host DSN that may serve, the borrow-time health check, the per-call
switches, the GTID of a commit, and reads on a replica that has applied the caller's writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from typing import TYPE_CHECKING, Any

import attrs

from omnidb import cluster, errors
from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection, close_quietly, is_closed, translated
from omnidb.clusterconfig import host_port
from omnidb.config import Config
from omnidb.errors import (
    ConnectionFailed,
    ConnectionLost,
    NodeUnavailable,
    PermissionDenied,
    ReadOnlyServer,
    translate,
)

if TYPE_CHECKING:
    from omnidb.aio.pool import AsyncDatabase

log = logging.getLogger("omnidb.cluster")


async def _variables(rows: AsyncIterator[Any]) -> dict[str, Any]:
    return cluster.variables_of([row async for row in rows])


async def read_role(conn: AsyncConnection) -> cluster.ServerRole:
    """The role of the server behind ``conn``, as :func:`omnidb.cluster.read_role` reads it."""
    q = registry.core()
    async with translated():
        variables = await _variables(q.server_role_variables(conn))
        status = await _variables(q.server_role_status(conn))
        try:
            channels = [row async for row in q.replica_status(conn)]
        except errors.DRIVER_ERRORS as exc:  # an application account may lack REPLICA MONITOR: read_only still tells
            if not isinstance(translate(exc), PermissionDenied):
                raise
            channels = []
    return cluster.role_of(variables, status, channels)


async def check_session(conn: AsyncConnection, config: Config, *, multi: bool = False) -> None:
    """Refuse a session whose server may not serve ``config.role`` (see :func:`omnidb.cluster.check_role`)."""
    if config.role == "any" and not multi:
        return  # one host, any role: nothing to choose; a Galera node not ready answers 1047 itself
    role = await read_role(conn)
    cluster.check_role(role, write=config.role == "primary", where=f"{config.host}:{config.port}", what="write")


async def open_any(config: Config, open_one: Callable[[Config], Awaitable[AsyncConnection]]) -> AsyncConnection:
    """Open a session on the first host of ``config`` that answers and may serve its role, with the
    rules of :func:`omnidb.cluster.open_any` (DSN order, recently failed hosts last, ``host_backoff``,
    wrong credentials or an unknown database failing at once).
    """
    attempts = cluster.HostAttempts(config)
    for entry, target in attempts.targets():
        try:
            conn = await open_one(target)
        except ConnectionFailed as exc:
            attempts.unreachable(entry, exc)
            continue
        try:
            await check_session(conn, target, multi=attempts.multi)
        except (NodeUnavailable, ReadOnlyServer) as exc:
            close_quietly(conn)
            attempts.cannot_serve(entry, exc)
            continue
        except BaseException:
            close_quietly(conn)
            raise
        attempts.served(entry)
        return conn
    raise attempts.exhausted()


async def session_healthy(conn: AsyncConnection, config: Config) -> bool:
    """The borrow check of DSN option ``health_check`` (see :func:`omnidb.cluster.session_healthy`)."""
    try:
        await conn.ping(False)
        if len(config.hosts) <= 1:
            return True
        status = await _variables(registry.core().server_role_status(conn))
    except Exception:
        return False
    return cluster.status_synced(status)


@asynccontextmanager
async def session_switches(conn: AsyncConnection, config: Config) -> AsyncIterator[None]:
    """Apply :func:`omnidb.cluster.causal_reads` to a lent session for one call, then put it back."""
    restore = await switch_session(conn, config)
    try:
        yield
    finally:
        if restore is not None:
            await restore()


async def switch_session(conn: AsyncConnection, config: Config) -> Callable[[], Awaitable[None]] | None:
    """Apply :func:`omnidb.cluster.causal_reads` to a lent session now; return what puts it back (None:
    nothing was changed), as :func:`omnidb.cluster.switch_session` does."""
    level = cluster.causal_level()
    if level is None or level == config.wsrep_sync_wait:
        return None
    q = registry.core()
    async with translated():
        await q.set_sync_wait(conn, level=level)

    async def restore() -> None:
        if is_closed(conn):  # lost, or closed by omnidb: nothing to put back
            return
        with suppress(*errors.DRIVER_ERRORS):
            if config.wsrep_sync_wait is None:
                await q.reset_sync_wait(conn)
            else:
                await q.set_sync_wait(conn, level=config.wsrep_sync_wait)

    return restore


async def after_commit(config: Config, conn: AsyncConnection) -> None:
    """After a commit on the primary: remember its GTID when replicas are configured."""
    if not config.replicas:
        return
    with suppress(*errors.DRIVER_ERRORS):
        gtid = str(await registry.core().last_gtid(conn) or "")
        if gtid:
            cluster.remember_gtid(gtid)


@attrs.define
class _Replica:
    entry: str
    pool: AsyncDatabase
    lag_checked: float = 0.0
    usable: bool = False
    why: str = ""


def _replicas(db: AsyncDatabase) -> list[_Replica]:
    found: list[_Replica] | None = getattr(db, "_omnidb_replicas", None)
    if found is None:  # one event loop per pool: no lock needed between the check and the set
        config = db.config
        found = []
        for entry in config.replicas:
            host, port = host_port(entry)
            replica_config = attrs.evolve(config, host=host, port=port, hosts=(), replicas=(), role="any")
            found.append(_Replica(entry, type(db)(replica_config)))
        db._omnidb_replicas = found  # type: ignore[attr-defined]
    return found


async def close_replicas(db: AsyncDatabase) -> None:
    """Close the replica pools of ``db`` (its ``close`` calls this)."""
    for replica in getattr(db, "_omnidb_replicas", None) or []:
        await replica.pool.close()


async def _fresh_enough(replica: _Replica, conn: AsyncConnection, config: Config) -> bool:
    """Threads running and lag within ``max_replica_lag``: checked at most once a second per replica."""
    now = time.monotonic()
    if now - replica.lag_checked < 1.0:
        return replica.usable
    rows = [row async for row in registry.core().replica_status(conn)]
    replica.usable, replica.why = cluster.replica_usable(rows, config)
    replica.lag_checked = now
    return replica.usable


@asynccontextmanager
async def replica_session(db: AsyncDatabase) -> AsyncIterator[AsyncConnection]:
    """A session on a replica that may serve this read (see :func:`omnidb.cluster.replica_reads`),
    else one of ``db`` (the primary)."""
    config = db.config
    gtid = cluster.last_write_gtid()
    q = registry.core()
    for replica in _replicas(db):
        if cluster.in_backoff(replica.entry):
            continue
        async with AsyncExitStack() as stack:
            try:
                conn = await stack.enter_async_context(replica.pool.connection())
                async with translated():
                    usable = await _fresh_enough(replica, conn, config)
                    if usable and gtid:
                        usable = int(await q.wait_for_gtid(conn, gtid=gtid, timeout=config.replica_wait)) == 0
                        replica.why = "" if usable else f"had not applied {gtid} after {config.replica_wait:g}s"
            except (ConnectionFailed, ConnectionLost) as exc:
                log.warning("replica %s failed: %s", replica.entry, exc)
                cluster.mark_failed(replica.entry, config.host_backoff)
                continue
            if not usable:
                log.warning("not reading from replica %s: %s", replica.entry, replica.why)
                continue
            async with translated():
                yield conn
            return
    async with db.connection() as conn, translated():
        yield conn
