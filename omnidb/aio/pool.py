"""The async pool: :class:`AsyncDatabase` and :func:`connect`, with the sync pool's rules.

The same DSN options and limits (``pool_size``, ``pool_timeout``...), the same errors, the same
retry of a whole transaction on a deadlock or lock wait, and the same care with sessions: a
session whose task was cancelled mid-statement, or whose connection broke, is closed rather than
handed to the next borrower; a transaction left open on a lent session is rolled back on return.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import attrs

from omnidb import errors
from omnidb import registry as sync_registry
from omnidb.aio import cluster, registry
from omnidb.aio.session import (
    AsyncConnection,
    close_quietly,
    is_closed,
    open_connection,
    rollback_quietly,
    translated,
)
from omnidb.aio.transaction import AsyncTransaction, end_stream
from omnidb.config import Config, from_env
from omnidb.errors import (
    ConnectionLost,
    InvalidInput,
    OmniDBError,
    PoolTimeout,
    SchemaVersionMismatch,
    TransientError,
    is_lost,
    translate,
)
from omnidb.pool import may_be_schema_change, schema_changed
from omnidb.transaction import (
    ER_LOCK_DEADLOCK,
    LOST_TRANSACTION,
    ROLLED_BACK_TRANSACTION,
    async_once_only,
    raise_unless_drained,
)

T = TypeVar("T")
log = logging.getLogger("omnidb")


class AsyncDatabase:
    """A bounded pool of asyncio sessions to one database; use one per event loop.

    ``async with db.transaction() as tx:`` commits when the block ends and rolls back on any
    exception (cancellation included).
    """

    #: Tells the sync API it was handed an async executor (omnidb.transaction.refuse_async).
    omnidb_async = True

    def __init__(self, config: Config) -> None:
        if not isinstance(config, Config):  # a DSN string would fail later, far from here
            raise TypeError(
                f"AsyncDatabase() takes a Config, not {type(config).__name__}: "
                "await omnidb.aio.connect(dsn) opens a pool from a DSN"
            )
        self.config = config
        self._idle: list[AsyncConnection] = []
        self._opened = 0  # idle plus handed out
        # Borrowers waiting for a session, first come first served: a returned session is handed to
        # the first one directly (None: a place was freed, open a new session), so a release wakes
        # one waiter, not every one.
        self._waiters: collections.deque[asyncio.Future[AsyncConnection | None]] = collections.deque()
        self._closed = False
        self._schema_version: int | None = None

    def __repr__(self) -> str:
        return f"<omnidb.aio.AsyncDatabase {self.config.safe_dsn()}>"

    async def __aenter__(self) -> AsyncDatabase:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def name(self) -> str | None:
        """The database (schema) name this pool points at."""
        return self.config.database

    @property
    def connections_open(self) -> int:
        """How many sessions the pool holds now, idle or in use."""
        return self._opened

    async def schema_version(self, *, refresh: bool = False) -> int:
        """The database's schema version (0 when none is recorded), read once and cached."""
        if self._schema_version is None or refresh:
            async with self.connection() as conn:
                await self._read_schema_version(conn)
        assert self._schema_version is not None
        return self._schema_version

    async def _read_schema_version(self, conn: AsyncConnection) -> int:
        """Read the schema version on ``conn`` (a transaction's own session, as in sync) and cache it."""
        queries = registry.core()
        async with translated():
            exists = await queries.migrations_table_exists(conn)
            self._schema_version = int(await queries.applied_version(conn)) if exists else 0
        return self._schema_version

    def has_schema(self, version: int) -> bool:
        """True when the cached schema version is ``version`` or later (no I/O; False when unknown)."""
        cached = self._schema_version
        return cached is not None and cached >= version

    async def require_schema(self, version: int, api: str, *, conn: AsyncConnection | None = None) -> None:
        """Raise ``SchemaVersionMismatch`` unless the schema is at ``version`` or later (re-read first,
        on ``conn`` when given: a transaction's session)."""
        if self.has_schema(version):
            return
        read = await self._read_schema_version(conn) if conn is not None else await self.schema_version(refresh=True)
        if read >= version:
            return
        current = await self.schema_version()
        raise SchemaVersionMismatch(
            f"{api} needs schema version {version} or later, but {self.name} is at V{current}: "
            f"run `omnidb migrate --to {version}`, or use the API of V{current}"
        )

    async def close(self) -> None:
        """Close every idle session; sessions in use close when they are given back."""
        self._closed = True
        idle, self._idle = self._idle, []
        self._opened -= len(idle)
        for conn in idle:
            conn.close()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_exception(OmniDBError("the database pool is closed"))
        await cluster.close_replicas(self)  # cluster hook

    @async_once_only
    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """Lend one autocommit session; it goes back to the pool afterwards, or is closed if broken.

        An unknown column (1054) after the schema version changed raises ``SchemaVersionMismatch``.
        """
        seen = self._schema_version
        conn = await self._acquire()
        broken = False
        try:
            yield conn
        except BaseException as exc:
            broken = _is_broken(exc)
            await self._release(conn, broken=broken, lost=is_lost(exc))
            await self._raise_if_schema_changed(seen, exc)
            raise
        await self._release(conn, broken=broken)

    async def _raise_if_schema_changed(self, seen: int | None, exc: BaseException) -> None:
        """Raise ``SchemaVersionMismatch`` (from ``exc``) when ``exc`` is an unknown column (1054) and
        the schema version is no longer ``seen`` (a migration changed the schema after the call's
        check, e.g. a rollback dropping the columns a v2 write names), as the sync pool does. Called
        once the session is back in the pool, so the re-read never waits for the caller's own."""
        if not may_be_schema_change(seen, exc):
            return
        try:
            now = await self.schema_version(refresh=True)
        except OmniDBError:
            return  # the version cannot be read: the original error says more
        if now != seen:
            raise schema_changed(self.name, seen, now, exc) from exc

    @async_once_only
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncTransaction]:
        """Run the block in one transaction: commit on success, roll back on any exception.

        A lost connection during COMMIT raises ``ConnectionLost`` saying the outcome is unknown; an
        unknown column (1054) after the schema version changed raises ``SchemaVersionMismatch``.
        """
        seen = self._schema_version
        try:
            async with self._transaction() as tx:
                yield tx
        except Exception as exc:
            await self._raise_if_schema_changed(seen, exc)
            raise

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncTransaction]:
        conn = await self._begin()
        tx = AsyncTransaction(self, conn)
        broken = False
        try:
            async with translated():
                yield tx
        except BaseException as exc:
            tx.active = False
            # A call still running on the session (a task of asyncio.gather the error left behind),
            # or a stream the block left (the loop raised, and the event loop closes its generator
            # only later, reading on the session): a ROLLBACK would interleave with them, so the
            # session is closed, which rolls back (and spares reading the rest of the stream away).
            tx.lost = tx.lost or is_lost(exc)
            broken = tx.lost or tx.busy is not None or _is_broken(exc) or is_closed(conn) or tx.stream is not None
            if not broken:
                try:
                    broken = not await rollback_quietly(conn)
                except BaseException:  # cancelled meanwhile: the session is mid-reply
                    broken = True
                    raise
            raise
        else:
            tx.active = False
            if tx.busy is not None:  # a call not awaited is still running on the session: no COMMIT under it
                broken = True
                raise OmniDBError(
                    "the transaction block ended while a call was still running on it (not awaited): "
                    "nothing of it was committed"
                )
            # An iteration left by `break`, not yet closed by the event loop: its rows are read away
            # before the COMMIT; failing there, nothing was committed.
            if not tx.lost and not is_closed(conn) and tx.stream is not None:
                plural = tx.stream.plural
                try:
                    failed = await _end_stream_quietly(tx)
                except BaseException:  # cancelled while the stream closed (shielded: it runs on)
                    broken = True
                    raise
                broken = failed is not None
                raise_unless_drained(tx, plural, failed)
            if tx.lost or is_closed(conn):
                # The block caught the loss (or a cancelled statement, which closes the session)
                # and carried on: COMMIT was never sent, the server rolled everything back.
                broken = True
                raise ConnectionLost(LOST_TRANSACTION)
            if tx.rolled_back:
                # The block caught a deadlock and carried on: nothing of it may commit alone.
                broken = not await rollback_quietly(conn)
                raise TransientError(tx.rollback_reason or ROLLED_BACK_TRANSACTION, code=ER_LOCK_DEADLOCK)
            try:
                async with translated():
                    await registry.bounded(conn, conn.commit())
                await cluster.after_commit(self.config, conn)  # cluster hook: the write's GTID, for replica reads
            except ConnectionLost as exc:
                broken = tx.lost = True
                unknown = "the transaction may or may not have been committed"
                raise ConnectionLost(
                    f"the connection was lost during COMMIT: {unknown} ({exc})", code=exc.code
                ) from exc
            except TransientError:
                # Cluster hook: a Galera certification conflict (1213 at COMMIT) rolled the
                # transaction back; the session itself is fine, so it goes back to the pool.
                broken = not await rollback_quietly(conn)
                raise
            except BaseException:
                broken = True
                raise
        finally:
            if tx.stream is not None:  # ended with the session (closed)
                tx.stream.ended = True
                tx.stream = None
            await self._release(conn, broken=broken, lost=tx.lost)

    async def _read_once(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """``await work(session)`` on a lent autocommit session: what ``transaction.reading`` does for a
        read on the pool (no replica, no causal-read switch), written out without context managers,
        since it runs on every read: driver errors translated, a broken session dropped.
        """
        seen = self._schema_version
        conn = await self._acquire()
        try:
            try:
                result = await work(conn)
            except errors.DRIVER_ERRORS as exc:
                raise translate(exc) from exc
        except BaseException as exc:
            await self._release(conn, broken=_is_broken(exc), lost=is_lost(exc))
            await self._raise_if_schema_changed(seen, exc)
            raise
        await self._release(conn, broken=False)
        return result

    async def run_in_transaction(
        self, work: Callable[[AsyncTransaction], Awaitable[T]], *, retries: int = 3, backoff: float = 0.05
    ) -> T:
        """``await work(tx)`` in a transaction and commit; re-run the whole of it on a deadlock (1213)
        or lock wait timeout (1205), up to ``retries`` more times, after ``backoff * 2**attempt``
        seconds with jitter. ``work`` may run more than once: it must not act outside the database.
        """
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise InvalidInput(f"retries: expected a whole number >= 0, got {retries!r}", field="retries")
        for attempt in range(retries + 1):
            try:
                async with self.transaction() as tx:
                    return await work(tx)
            except TransientError:
                if attempt == retries:
                    raise
                log.info("transient error, re-running the transaction (attempt %d of %d)", attempt + 2, retries + 1)
                await asyncio.sleep(backoff * 2**attempt * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _begin(self) -> AsyncConnection:
        """A pooled session with a transaction begun; a session that died idle is replaced once."""
        for attempt in (1, 2):
            conn = await self._acquire()
            try:
                async with translated():
                    await registry.bounded(conn, conn.begin())
                return conn
            except ConnectionLost:
                await self._release(conn, broken=True)
                if attempt == 2:
                    raise
            except BaseException as exc:  # cancelled mid-BEGIN: this session goes, the idle ones stay
                await self._release(conn, broken=True, lost=is_lost(exc))
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _acquire(self) -> AsyncConnection:
        # Cluster hook (DSN option health_check): a session whose server died while it sat idle, or
        # whose Galera node is no longer Synced, is dropped here rather than failing the caller's
        # first statement.
        if self.config.health_check:
            for _ in range(self.config.pool_size + 1):
                conn = await self._acquire_one()
                try:
                    healthy = await cluster.session_healthy(conn, self.config)
                except BaseException:  # cancelled mid-check: the session goes, its place is freed
                    await self._release(conn, broken=True, lost=False)
                    raise
                if healthy:
                    return conn
                await self._release(conn, broken=True)
        return await self._acquire_one()

    async def _acquire_one(self) -> AsyncConnection:
        if self._closed:
            raise OmniDBError("the database pool is closed")
        if self._idle:
            return self._idle.pop()
        if self._opened >= self.config.pool_size:
            waiter: asyncio.Future[AsyncConnection | None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                handed = await asyncio.wait_for(waiter, self.config.pool_timeout)
            except asyncio.TimeoutError:
                # Handed over in the same turn of the loop as the timeout fired (Python 3.12's
                # wait_for may then raise anyway): take it, rather than lose it with a PoolTimeout.
                if not (waiter.done() and not waiter.cancelled() and waiter.exception() is None):
                    raise PoolTimeout(
                        f"no free connection after {self.config.pool_timeout:g}s: all "
                        f"{self.config.pool_size} are in use (raise pool_size, shorten transactions, or finish or "
                        "close iter_<r>s iterators, which hold a session until they end)"
                    ) from None
                handed = waiter.result()
            except BaseException:
                # Cancelled (or timed out) after a session was handed over: give it back, not lose it.
                if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                    given = waiter.result()
                    if given is not None:
                        await self._release(given, broken=False)
                    else:
                        self._hand_on(None)
                raise
            if handed is not None:
                return handed
        else:
            self._opened += 1
        try:
            conn = await open_connection(self.config)
        except BaseException:
            self._opened -= 1
            self._hand_on(None)
            raise
        if self.config.slow_query_ms is not None:
            setattr(conn, sync_registry.SLOW_QUERY_ATTRIBUTE, self.config.slow_query_ms)
        read_timeout = getattr(self.config, "read_timeout", None)
        if read_timeout:
            setattr(conn, registry.READ_TIMEOUT_ATTRIBUTE, read_timeout)
        return conn

    def _hand_on(self, conn: AsyncConnection | None) -> bool:
        """Give ``conn`` (or, with None, a freed place, counted as opened) to the first live waiter."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                if conn is None:
                    self._opened += 1  # the waiter opens a session in that place
                waiter.set_result(conn)
                return True
        return False

    async def _release(self, conn: AsyncConnection, *, broken: bool, lost: bool | None = None) -> None:
        """Give ``conn`` back: to the pool, or closed if ``broken``. ``lost`` (default: ``broken``): its
        connection was lost, so the idle sessions, likely dead too, are closed with it; a session
        dropped for a reason of its own (a cancelled statement, a call still running) leaves them."""
        try:
            broken = broken or not await _clean(conn)
        except BaseException:  # cancelled during the clean-up: the session is dropped, its place kept
            self._settle(conn, broken=True, lost=False)
            raise
        self._settle(conn, broken=broken, lost=broken if lost is None else lost)

    def _settle(self, conn: AsyncConnection, *, broken: bool, lost: bool) -> None:
        """Put ``conn`` back in the pool, or close it and free its place (with the idle ones, if lost)."""
        if broken or self._closed or is_closed(conn):
            self._opened -= 1
            close_quietly(conn)
            freed = 1
            if lost:
                # A lost session usually means the server restarted or killed sessions: the idle
                # ones are likely dead too, so they are dropped rather than handed out to fail.
                stale, self._idle = self._idle, []
                self._opened -= len(stale)
                freed += len(stale)
                for old in stale:
                    close_quietly(old)
            if not self._closed:
                for _ in range(freed):
                    if not self._hand_on(None):
                        break
        elif not self._hand_on(conn):
            self._idle.append(conn)


async def connect(dsn: str | Config | None = None, **options: Any) -> AsyncDatabase:
    """Open an async pool to ``dsn`` (a DSN, a :class:`~omnidb.config.Config`, or None for
    ``$OMNIDB_DSN``). The server is contacted once, so a bad address, login or database fails here.
    """
    config = attrs.evolve(dsn, **options) if isinstance(dsn, Config) else from_env(dsn, **options)
    db = AsyncDatabase(config)
    async with db.connection():
        pass
    return db


async def _end_stream_quietly(tx: AsyncTransaction) -> Exception | None:
    """:func:`end_stream`; the error if closing the stream's cursor failed (the session is then unusable)."""
    try:
        async with translated():
            await end_stream(tx)
    except Exception as exc:
        return exc
    return None


async def _clean(conn: AsyncConnection) -> bool:
    """Make a returned session as the next borrower expects it: no transaction open (a caller left
    one on a lent session: it must not leak into the next), autocommit on (a caller of
    ``connection()`` may have turned it off: the next single-statement write, an ``INSERT ...
    RETURNING``, would then open a transaction the next release rolls back). False if that failed."""
    if is_closed(conn):
        return True  # closed: _settle frees its place
    if conn.get_transaction_status() and not await rollback_quietly(conn):
        return False
    if not conn.get_autocommit():
        try:
            await registry.bounded(conn, conn.autocommit(True))
        except Exception:
            return False
    return True


def _is_broken(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionLost):
        return True
    if isinstance(exc, errors.DRIVER_ERRORS):
        return isinstance(translate(exc), ConnectionLost)
    # Anything else (a cancelled task mid-statement included) may leave unread packets on the wire.
    return not isinstance(exc, Exception)
