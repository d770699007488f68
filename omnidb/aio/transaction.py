"""Async transactions, and how async query functions get a session from an ``AsyncExecutor``.

As in :mod:`omnidb.transaction`: an :class:`~omnidb.aio.pool.AsyncDatabase` runs each call on its
own (a write in its own transaction); an :class:`AsyncTransaction` makes the call join it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from omnidb import cluster as cluster_rules
from omnidb.aio import cluster, registry
from omnidb.aio.session import AsyncConnection, translated
from omnidb.errors import ConnectionLost, OmniDBError, TimedOut, TransientError
from omnidb.transaction import _ended_under, check_active, mark_failed, not_an_executor, stream_ended

if TYPE_CHECKING:
    from omnidb.aio.pool import AsyncDatabase

T = TypeVar("T")
log = logging.getLogger("omnidb")


class Stream:
    """An ``iter_<r>s`` streaming rows on a transaction's session: its resource and cursor, and what
    puts back the session's switches (``causal_reads``) once the rows are read away."""

    def __init__(self, plural: str, cursor: Any, restore: Callable[[], Awaitable[None]] | None = None) -> None:
        self.plural = plural
        self.cursor = cursor
        self.restore = restore
        self.ended = False  # by another call on the transaction (end_stream)
        self._closing: asyncio.Future[None] | None = None

    def close(self) -> Awaitable[None]:
        """Close the cursor, then put the session's switches back, once, whoever asks first: the call
        that ends the stream and the event loop closing the abandoned generator may ask at the same
        time (two closes interleave their reads). As in sync (``omnidb.transaction.Stream``), the
        switches go back before the block's COMMIT, not when the generator is closed later."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close())
            # Its error is the awaiting caller's; one left to run on (a caller cut off) is not logged.
            self._closing.add_done_callback(lambda done: done.cancelled() or done.exception())
        return asyncio.shield(self._closing)

    async def _close(self) -> None:
        try:
            await self.cursor.close()
        finally:  # after an error the server sent too (as in sync): the session may go on
            if self.restore is not None:
                await self.restore()

    def check(self) -> None:
        """Raise in the iteration once another call on the transaction, or its block's end, ended the
        stream."""
        if self.ended:
            raise stream_ended(self.plural)


async def end_stream(tx: AsyncTransaction) -> None:
    """Close the stream an ``iter_<r>s`` has open on the session of ``tx``, before another call on it.

    Unlike the sync API, which refuses the call (a loop left by ``break`` closes its generator at
    once), an async generator left by ``break`` is closed later by the event loop: a call cannot tell
    such a loop from one still running. The stream is closed (the rest of its rows read away), and
    an iteration still running raises at its next batch (:meth:`Stream.check`).
    """
    stream, tx.stream = tx.stream, None
    if stream is not None:
        stream.ended = True
        # Within the session's read timeout, as every statement: a frozen server ends the session.
        await registry.bounded(tx.connection, stream.close())


class AsyncTransaction:
    """One open transaction on one session; pass it to async query functions so they join it.

    ``lost`` and ``rolled_back`` as on :class:`omnidb.transaction.Transaction`: once its connection
    was lost, or a deadlock rolled all of it back, every use and the end of the block raise.
    ``stream`` is the ``iter_<r>s`` streaming rows on its session, if one is (see :func:`end_stream`).
    """

    #: Tells the sync API it was handed an async executor (omnidb.transaction.refuse_async).
    omnidb_async = True

    def __init__(self, database: AsyncDatabase, conn: AsyncConnection) -> None:
        self.database = database
        self.connection = conn
        self.active = True
        self.lost = False
        self.rolled_back = False
        self.stream: Stream | None = None
        self.busy: asyncio.Task[Any] | None = None  # the task whose call runs on its session now (check_free)
        #: True while an operation of several statements runs in it under a savepoint (one_operation)
        self.in_operation = False
        #: Why the server rolled all of it back, where that was not a deadlock (one_operation)
        self.rollback_reason: str | None = None

    def __repr__(self) -> str:
        state = "lost" if self.lost else "rolled back" if self.rolled_back else "active" if self.active else "finished"
        return f"<omnidb.aio.AsyncTransaction {state} on {self.database.config.safe_dsn()}>"


AsyncExecutor: TypeAlias = "AsyncDatabase | AsyncTransaction"


def database_of(executor: AsyncExecutor) -> AsyncDatabase:
    """The pool behind an executor."""
    return executor.database if isinstance(executor, AsyncTransaction) else executor


async def run_read(executor: AsyncExecutor, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """``await work(session)`` on a reading session; on an ``AsyncDatabase``, once more on a fresh
    session if the connection was lost (a read is safe to repeat). Never repeated in a transaction,
    nor after a read that timed out (no answer within ``read_timeout``): it would wait as long again
    on a server that is frozen or overloaded, as in :func:`omnidb.transaction.run_read`.
    """
    try:
        if not isinstance(executor, AsyncTransaction) and not _switched(refuse_sync(executor)):
            return await executor._read_once(work)  # the common read: the pool's short path
        async with reading(executor) as conn:
            return await work(conn)
    except TimedOut:  # every statement's read_timeout is omnidb.aio's own (registry.bounded): told exactly
        raise
    except ConnectionLost:
        if isinstance(executor, AsyncTransaction):
            raise
        log.info("connection lost during a read: repeating it on a fresh session")
    async with reading(executor) as conn:
        return await work(conn)


def _switched(db: AsyncDatabase) -> bool:
    """Whether a read on ``db`` goes to a replica or needs the causal-read switch (the cluster hooks
    of :func:`reading`); the common read needs neither and takes the pool's short path."""
    return cluster_rules.wants_replica(db.config) or cluster_rules.switches_needed(db.config)


async def run_write(executor: AsyncExecutor, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    """``await work(session)`` in the caller's transaction, or in a new one committed on success.

    On an ``AsyncDatabase`` whose DSN sets ``write_retries=N``, a deadlock or a Galera certification
    conflict (1213, often at COMMIT) re-runs the whole transaction, up to N more times, as
    :func:`omnidb.transaction.run_write` does. Inside a caller's transaction it is never re-run.
    """
    if isinstance(executor, AsyncTransaction) or refuse_sync(executor).config.write_retries <= 0:
        async with writing(executor) as conn:
            return await work(conn)

    async def attempt(tx: AsyncTransaction) -> T:
        async with translated(), cluster.session_switches(tx.connection, executor.config):
            return await work(tx.connection)

    return await executor.run_in_transaction(attempt, retries=executor.config.write_retries)


async def require_schema(executor: AsyncExecutor, version: int, api: str) -> None:
    """:func:`omnidb.transaction.require_schema` for async executors: in a transaction, the version
    is read on its own session when it must be read."""
    db = executor.database if isinstance(executor, AsyncTransaction) else refuse_sync(executor)
    if db.has_schema(version):
        return
    if isinstance(executor, AsyncTransaction):
        async with reading(executor) as conn:
            await db.require_schema(version, api, conn=conn)
    else:
        await db.require_schema(version, api)


@asynccontextmanager
async def reading(
    executor: AsyncExecutor, *, hold: bool = True, switches: bool = True
) -> AsyncIterator[AsyncConnection]:
    """A session for reads: the transaction's own, or a pooled autocommit one (on a replica inside
    ``omnidb.cluster.replica_reads()`` when the DSN names replicas). ``hold=False``: a transaction is
    not marked busy for the block (a stream marks it around its own reads: :func:`busy`).
    ``switches=False``: in a transaction, the caller applies ``causal_reads`` itself (a stream:
    :class:`Stream`)."""
    if isinstance(executor, AsyncTransaction):
        async with _joined(executor, hold=hold, switches=switches) as conn:
            yield conn
        return
    if cluster_rules.wants_replica(refuse_sync(executor).config):  # cluster hook: replica_reads()
        async with cluster.replica_session(executor) as conn, cluster.session_switches(conn, executor.config):
            yield conn
        return
    async with executor.connection() as conn, translated():
        if not cluster_rules.switches_needed(executor.config):  # the common case: no switches' machinery
            yield conn
            return
        async with cluster.session_switches(conn, executor.config):
            yield conn


@asynccontextmanager
async def writing(executor: AsyncExecutor) -> AsyncIterator[AsyncConnection]:
    """A session for writes: the transaction's own, or a new transaction committed on success."""
    if isinstance(executor, AsyncTransaction):
        async with _joined(executor) as conn:
            yield conn
        return
    async with (
        refuse_sync(executor).transaction() as tx,
        translated(),
        cluster.session_switches(tx.connection, executor.config),
    ):
        yield tx.connection


@asynccontextmanager
async def one_operation(executor: AsyncExecutor) -> AsyncIterator[None]:
    """:func:`omnidb.transaction.one_operation` for omnidb.aio: in the caller's transaction, the
    statements the block runs are undone together (a savepoint) when it raises."""
    if not isinstance(executor, AsyncTransaction) or executor.in_operation:
        yield
        return
    queries = registry.core()
    async with _joined(executor) as conn:
        await queries.set_operation_savepoint(conn)
    executor.in_operation = True
    try:
        yield
    except BaseException as exc:
        executor.in_operation = False
        # Not on a cancellation (or an interrupt): no statement may be sent then; the session goes.
        if isinstance(exc, Exception) and executor.active and not executor.lost and not executor.rolled_back:
            try:
                async with _joined(executor) as conn:
                    await queries.roll_back_operation(conn)
                    await queries.release_operation_savepoint(conn)
            except OmniDBError:
                _ended_under(executor)
        raise
    executor.in_operation = False
    async with _joined(executor) as conn:
        await queries.release_operation_savepoint(conn)


@asynccontextmanager
async def _joined(tx: AsyncTransaction, *, hold: bool = True, switches: bool = True) -> AsyncIterator[AsyncConnection]:
    """The transaction's session, once checked usable and free; a loss or a deadlock marks the
    transaction. ``switches``: with ``causal_reads`` applied for the block."""
    check_active(tx)
    check_free(tx)
    async with busy(tx if hold else None):
        try:
            async with translated():
                await end_stream(tx)
            if not switches:
                async with translated():
                    yield tx.connection
            else:
                async with translated(), cluster.session_switches(tx.connection, tx.database.config):
                    yield tx.connection
        except (ConnectionLost, TransientError) as exc:
            mark_failed(tx, exc)
            raise


def check_free(tx: AsyncTransaction) -> None:
    """Raise ``OmniDBError`` when a call of another task is running on ``tx`` now: its one session runs
    one statement at a time (two at once made the drivers fail in their own ways, or hang). Calls of
    the task itself nest (a domain operation joins the transaction it holds)."""
    if tx.busy is not None and tx.busy is not asyncio.current_task():
        raise OmniDBError(
            "another call is running on this transaction now: it is one session, which runs one statement "
            "at a time; await its calls one after another (asyncio.gather over one transaction cannot work)"
        )


@asynccontextmanager
async def busy(tx: AsyncTransaction | None) -> AsyncIterator[None]:
    """Mark ``tx`` (if any) busy for the block: a stream's own reads, between which other calls may run."""
    if tx is None:
        yield
        return
    check_free(tx)
    previous, tx.busy = tx.busy, asyncio.current_task()
    try:
        yield
    finally:
        tx.busy = previous


def refuse_sync(executor: AsyncExecutor) -> AsyncDatabase:
    """``executor``, when it is an ``AsyncDatabase``; ``TypeError`` for omnidb's sync ``Database`` or
    ``Transaction`` (which would fail deep inside with a message about its connection)."""
    if not getattr(executor, "omnidb_async", False):
        if not getattr(executor, "omnidb_sync", False):
            raise TypeError(
                not_an_executor(
                    executor, "an omnidb.aio AsyncDatabase or AsyncTransaction", "await omnidb.aio.connect(dsn)"
                )
            )
        raise TypeError(
            f"an omnidb {type(executor).__name__} was passed to omnidb.aio, which takes an AsyncDatabase or "
            "AsyncTransaction: call the sync twin in omnidb.v<n>.<module> without await instead"
        )
    return executor  # type: ignore[return-value]
