"""Transactions, and how query functions get a session from an ``Executor``.

Query functions take an ``Executor``: a :class:`~omnidb.pool.Database` (each call runs on its own,
a write in its own transaction) or a :class:`Transaction` (the call joins it, and nothing commits
until the ``with`` block ends).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any, ParamSpec, TypeAlias, TypeVar

from omnidb import registry
from omnidb.cluster import replica_session, session_switches, switches_needed, wants_replica
from omnidb.config import Config
from omnidb.errors import ConnectionLost, OmniDBError, TimedOut, TransientError, is_lost
from omnidb.session import Connection, translated

if TYPE_CHECKING:
    from omnidb.aio.transaction import AsyncTransaction
    from omnidb.pool import Database

T = TypeVar("T")
E = TypeVar("E")
P = ParamSpec("P")
log = logging.getLogger("omnidb")


def _entered_twice(name: str) -> OmniDBError:
    # What contextlib would raise instead: AttributeError, "'_GeneratorContextManager' object has no
    # attribute 'args'".
    return OmniDBError(f"{name}() was entered already: call it again for each with block")


class _OnceOnly(AbstractContextManager[T]):
    """A ``@contextmanager``'s context manager, refusing a second ``with`` by name."""

    __slots__ = ("_entered", "_manager", "_name")

    def __init__(self, manager: AbstractContextManager[T], name: str) -> None:
        self._manager, self._name, self._entered = manager, name, False

    def __enter__(self) -> T:
        if self._entered:
            raise _entered_twice(self._name)
        self._entered = True
        return self._manager.__enter__()

    def __exit__(self, *exc_info: Any) -> bool | None:
        return self._manager.__exit__(*exc_info)


class _AsyncOnceOnly(AbstractAsyncContextManager[T]):
    """An ``@asynccontextmanager``'s context manager, refusing a second ``async with`` by name."""

    __slots__ = ("_entered", "_manager", "_name")

    def __init__(self, manager: AbstractAsyncContextManager[T], name: str) -> None:
        self._manager, self._name, self._entered = manager, name, False

    async def __aenter__(self) -> T:
        if self._entered:
            raise _entered_twice(self._name)
        self._entered = True
        return await self._manager.__aenter__()

    async def __aexit__(self, *exc_info: Any) -> bool | None:
        return await self._manager.__aexit__(*exc_info)


def once_only(factory: Callable[P, AbstractContextManager[T]]) -> Callable[P, AbstractContextManager[T]]:
    """``factory``'s context managers, each refusing to be entered twice with an error naming it
    (``Database.transaction() was entered already``), not contextlib's ``AttributeError``."""
    name = factory.__qualname__

    @functools.wraps(factory)
    def made(*args: P.args, **kwargs: P.kwargs) -> AbstractContextManager[T]:
        return _OnceOnly(factory(*args, **kwargs), name)

    return made


def async_once_only(
    factory: Callable[P, AbstractAsyncContextManager[T]],
) -> Callable[P, AbstractAsyncContextManager[T]]:
    """:func:`once_only` for ``async with``."""
    name = factory.__qualname__

    @functools.wraps(factory)
    def made(*args: P.args, **kwargs: P.kwargs) -> AbstractAsyncContextManager[T]:
        return _AsyncOnceOnly(factory(*args, **kwargs), name)

    return made


class Stream:
    """An ``iter_<r>s`` streaming rows on a transaction's session: its resource and cursor, and what
    puts back the session's switches (``causal_reads``) once the rows are read away."""

    def __init__(self, plural: str, cursor: Any, restore: Callable[[], None] | None = None) -> None:
        self.plural = plural
        self.cursor = cursor
        self.restore = restore
        self.closed = False
        self.ended = False  # by the end of the transaction's block (end_stream)

    def close(self) -> None:
        """Close the cursor (reading the rest of the rows away), then put the session's switches back,
        once: by the iteration's end, or by the block's (before its COMMIT), whichever comes first. An
        abandoned iterator collected later sends nothing on a session that may be another caller's.
        A close that failed on an error the server sent (a KILL QUERY of the stream's statement) puts
        them back too: the session goes on, and may go back to the pool.
        """
        if not self.closed:
            self.closed = True
            try:
                self.cursor.close()
            finally:
                if self.restore is not None:
                    self.restore()

    def check(self) -> None:
        """Raise in the iteration once the stream was ended under it."""
        if self.ended:
            raise stream_ended(self.plural)


def stream_ended(plural: str) -> OmniDBError:
    """The error of an ``iter_<r>s`` read on after its stream was ended under it (sync and async)."""
    return OmniDBError(
        f"iter_{plural}: its stream was ended under it (by another call on the transaction, or the end of "
        f"the transaction's block), its session reading one result at a time: read the rows all first "
        f"(list of iter_{plural}), or a page at a time (list_{plural})"
    )


def end_stream(tx: Transaction) -> Exception | None:
    """Close the stream an ``iter_<r>s`` left open on the session of ``tx`` before its COMMIT (the rest
    of the rows read away); the error if that failed (the session is then unusable)."""
    stream, tx.stream = tx.stream, None
    if stream is None:
        return None
    stream.ended = True
    try:
        stream.close()
    except Exception as exc:
        return exc
    return None


def raise_unless_drained(tx: Transaction | AsyncTransaction, plural: str, failed: Exception | None) -> None:
    """After the rows of ``iter_<plural>`` were read away before a COMMIT (sync or async): nothing when
    that went well; else mark ``tx`` lost if its connection was, or raise :func:`stream_not_drained`."""
    if failed is None:
        return
    tx.lost = is_lost(failed)
    if not tx.lost:
        raise stream_not_drained(plural, failed) from failed


def stream_not_drained(plural: str, exc: Exception) -> OmniDBError:
    """The error of a block that ended with ``iter_<plural>`` open, whose rest could not be read away."""
    return OmniDBError(
        f"the transaction's block ended with iter_{plural} still open, and the rest of its rows could not be "
        f"read away ({exc}): nothing of it was committed"
    )


class Transaction:
    """One open transaction on one session; pass it to query functions so they join it.

    ``active`` is False once the ``with`` block ended; ``lost`` is True once its connection was lost,
    after which nothing of it can commit and every use raises ``ConnectionLost``; ``rolled_back`` is
    True once a deadlock (1213) made the server roll all of it back, after which every use, and the
    end of the block, raise ``TransientError`` (a caught deadlock must not commit the rest alone).
    ``stream`` is the ``iter_<r>s`` reading rows on its session: until that iteration ends, every
    other query function refuses to run in it (see :func:`check_not_streaming`), and the end of the
    block closes it first (an iterator neither read to the end nor closed).
    """

    #: Tells the API it was handed one of its executors (refuse_async).
    omnidb_sync = True

    def __init__(self, database: Database, conn: Connection) -> None:
        self.database = database
        self.connection = conn
        self.active = True
        self.lost = False
        self.rolled_back = False
        self.stream: Stream | None = None
        #: True while an operation of several statements runs in it under a savepoint (one_operation)
        self.in_operation = False
        #: Why the server rolled all of it back, where that was not a deadlock (one_operation)
        self.rollback_reason: str | None = None
        #: The thread whose call runs on its session now (_joined); calls of that thread nest
        self.busy: int | None = None
        self._claim = threading.Lock()

    def __repr__(self) -> str:
        state = "lost" if self.lost else "rolled back" if self.rolled_back else "active" if self.active else "finished"
        return f"<omnidb.Transaction {state} on {self.database.config.safe_dsn()}>"


Executor: TypeAlias = "Database | Transaction"


def database_of(executor: Executor) -> Database:
    """The pool behind an executor."""
    return executor.database if isinstance(executor, Transaction) else executor


def run_read(executor: Executor, work: Callable[[Connection], T]) -> T:
    """``work(session)`` on a reading session; on a ``Database``, once more on a fresh session if the
    connection was lost, since a read is safe to repeat. Inside a transaction it is never repeated.
    A read that timed out (``TimedOut``: no answer within ``read_timeout``) is not repeated: it would
    wait as long again on a server that is frozen or overloaded.
    """
    if isinstance(executor, Transaction):
        with reading(executor) as conn:
            return work(conn)
    refuse_async(executor)
    config = executor.config
    # The common case (no replica reads, no causal-read switch) skips reading()'s context managers.
    direct = not wants_replica(config) and not switches_needed(config)
    started = time.monotonic()
    try:
        if direct:
            return executor._read_once(work)
        with reading(executor) as conn:
            return work(conn)
    except TimedOut:
        raise
    except ConnectionLost:
        # On the short path a timeout is always TimedOut (Database._read_once); on the other, a
        # mysqlclient timeout is told by the time taken, the wait for a session included.
        if not direct and time.monotonic() - started >= config.read_timeout:
            raise
        log.info("connection lost during a read: repeating it on a fresh session")
    with reading(executor) as conn:
        return work(conn)


def run_write(executor: Executor, work: Callable[[Connection], T]) -> T:
    """``work(session)`` in the caller's transaction, or in a new one committed on success.

    Cluster hook (issue 13): on a ``Database`` whose DSN sets ``write_retries=N``, a deadlock or a
    Galera certification conflict (1213, often at COMMIT) re-runs the whole transaction, up to N
    more times (``Database.run_in_transaction``). Inside a caller's transaction it is never re-run.
    """
    if isinstance(executor, Transaction) or refuse_async(executor).config.write_retries <= 0:
        with writing(executor) as conn:
            return work(conn)

    def attempt(tx: Transaction) -> T:
        with translated(), session_switches(tx.connection, executor.config):
            return work(tx.connection)

    return executor.run_in_transaction(attempt, retries=executor.config.write_retries)


def require_schema(executor: Executor, version: int, api: str) -> None:
    """``SchemaVersionMismatch`` unless the database of ``executor`` is at schema ``version`` or later
    (``api`` names the caller's module). In a transaction, the version is read on its own session
    when it must be read: on a pool whose every place is taken by transactions, a second session
    would never come (``PoolTimeout``)."""
    db = database_of(refuse_async(executor))
    if db.has_schema(version):
        return
    if isinstance(executor, Transaction):
        with reading(executor) as conn:
            db.require_schema(version, api, conn=conn)
    else:
        db.require_schema(version, api)


@contextmanager
def reading(executor: Executor, *, switches: bool = True) -> Iterator[Connection]:
    """A session for reads: the transaction's own, or a pooled autocommit one (no BEGIN/COMMIT).
    ``switches=False``: in a transaction, the caller applies ``causal_reads`` itself (a stream, whose
    rows outlive this block: :class:`Stream`)."""
    if isinstance(executor, Transaction):
        if not switches:
            with _joined(executor) as conn:
                yield conn
            return
        with _joined(executor) as conn, session_switches(conn, executor.database.config):
            yield conn
        return
    refuse_async(executor)
    if wants_replica(executor.config):  # cluster hook: replica_reads()
        with replica_session(executor) as conn, session_switches(conn, executor.config):
            yield conn
        return
    # omnidb's own reads open no transaction: the session needs no reset on return.
    with (
        executor._schema_changes(),
        executor._lend(reset=False) as conn,
        translated(),
        session_switches(conn, executor.config),
    ):
        yield conn


@contextmanager
def writing(executor: Executor) -> Iterator[Connection]:
    """A session for writes: the transaction's own, or a new transaction committed on success."""
    if isinstance(executor, Transaction):
        with _joined(executor) as conn, session_switches(conn, executor.database.config):
            yield conn
        return
    refuse_async(executor)
    with executor.transaction() as tx, translated(), session_switches(tx.connection, executor.config):
        yield tx.connection


@contextmanager
def _joined(tx: Transaction) -> Iterator[Connection]:
    check_active(tx)
    check_not_streaming(tx)
    me = threading.get_ident()
    with tx._claim:  # checked and taken at once: two threads must not both find it free
        if tx.busy is not None and tx.busy != me:
            raise OmniDBError(
                "another thread is running a call on this transaction now: it is one session, which runs one "
                "statement at a time; use a transaction from one thread at a time (each thread its own)"
            )
        previous, tx.busy = tx.busy, me
    try:
        with translated():
            yield tx.connection
    except (ConnectionLost, TransientError) as exc:
        mark_failed(tx, exc)
        raise
    finally:
        tx.busy = previous


def mark_failed(tx: Transaction | AsyncTransaction, exc: OmniDBError) -> None:
    """Mark ``tx`` (sync or async) by what ended it on the server: a lost connection, or a deadlock,
    which rolled all of it back (a lock wait timeout, 1205, ends only the statement)."""
    if isinstance(exc, ConnectionLost):
        tx.lost = True
    elif exc.code == ER_LOCK_DEADLOCK:
        tx.rolled_back = True


@contextmanager
def one_operation(executor: Executor) -> Iterator[None]:
    """The statements the block runs on ``executor``, one operation: written together or not at all.

    On a ``Database`` each runs in a transaction of its own already, and a transaction of omnidb's
    (``transaction_of``) rolls back whole; in the caller's transaction, a savepoint set before the
    block is rolled back to when the block raises (``queries/core/savepoints.sql``), so the caller
    who catches the error commits nothing of the operation, and everything before it. Not after a
    lost connection or a deadlock: the transaction is gone then, and says so at its next use. An
    operation inside another runs under the outer one's savepoint.
    """
    if not isinstance(executor, Transaction) or executor.in_operation:
        yield
        return
    queries = registry.core_file("savepoints")
    with _joined(executor) as conn:
        queries.set_operation_savepoint(conn)
    executor.in_operation = True
    try:
        yield
    except BaseException as exc:
        executor.in_operation = False
        # Not on an interrupt (KeyboardInterrupt, SystemExit): the caller's block ends with it.
        if isinstance(exc, Exception) and executor.active and not executor.lost and not executor.rolled_back:
            try:
                with _joined(executor) as conn:
                    queries.roll_back_operation(conn)
                    queries.release_operation_savepoint(conn)
            except OmniDBError:
                _ended_under(executor)
        raise
    executor.in_operation = False
    with _joined(executor) as conn:
        queries.release_operation_savepoint(conn)


def _ended_under(tx: Transaction | AsyncTransaction) -> None:
    """An operation's savepoint could not be rolled back to: the server ended the whole transaction
    at the operation's error (a lock wait timeout under ``innodb_rollback_on_timeout``, ...) or the
    session (then ``tx.lost`` says so). The operation's own error is raised; the transaction must not
    commit what came after as if the rest stood."""
    if not tx.lost:
        tx.rolled_back = True
        tx.rollback_reason = (
            "the server rolled this transaction back, all of it, at an error inside an operation (its "
            "savepoint was gone: a lock wait timeout under innodb_rollback_on_timeout, or another error that "
            "ends a transaction): nothing of it was committed; run it again (run_in_transaction does)"
        )


def refuse_async(executor: E) -> E:
    """``executor``; ``TypeError`` when it is omnidb.aio's (a sync function would otherwise return
    an un-awaited coroutine for a read, or fail inside a write with a message about generators),
    or not an executor at all (a DSN string, a ``Config``, None: an ``AttributeError`` deep inside)."""
    if getattr(executor, "omnidb_sync", False):
        return executor
    if getattr(executor, "omnidb_async", False):
        raise TypeError(
            f"an omnidb.aio {type(executor).__name__} was passed to omnidb's sync API, which takes a "
            "Database or Transaction: await the twin in omnidb.aio.v<n>.<module> instead"
        )
    raise TypeError(not_an_executor(executor, "an omnidb Database or Transaction", "omnidb.connect(dsn)"))


def not_an_executor(given: object, expected: str, opens: str) -> str:
    """The message of a query function given ``given`` where ``expected`` goes (``opens`` says how to
    open one from a DSN)."""
    hint = f" (a DSN? {opens} opens a pool)" if isinstance(given, (str, Config)) else ""
    return f"expected {expected} as the first argument, got {type(given).__name__}{hint}"


def check_active(tx: Transaction | AsyncTransaction) -> None:
    """Raise ``ConnectionLost`` if the transaction's connection was lost, ``TransientError`` if a
    deadlock rolled it back, ``OmniDBError`` if it ended (sync or async alike)."""
    if tx.lost:
        raise ConnectionLost(LOST_TRANSACTION)
    if tx.rolled_back:
        raise TransientError(tx.rollback_reason or ROLLED_BACK_TRANSACTION, code=ER_LOCK_DEADLOCK)
    if not tx.active:
        raise OmniDBError("the transaction has already ended; open a new one")


def check_not_streaming(tx: Transaction) -> None:
    """Raise ``OmniDBError``, before anything is sent, while an ``iter_<r>s`` streams rows on the
    transaction's session. A session reads one result at a time: PyMySQL would read the rest of the
    stream away to run the statement (the loop then ends early, as if there were no more rows), and
    mysqlclient refuses it (2014). The stream goes on after. (omnidb.aio ends the stream instead:
    ``omnidb.aio.transaction.end_stream``.)
    """
    if tx.stream is not None:
        plural = tx.stream.plural
        raise OmniDBError(
            f"iter_{plural} is streaming rows on this transaction's session, which reads one result at a "
            f"time: read them all (list(iter_{plural}(...))) or close the iterator before the next call, or "
            f"read a page at a time (list_{plural})"
        )


LOST_TRANSACTION = "the connection of this transaction was lost: nothing of it was committed; open a new transaction"
ROLLED_BACK_TRANSACTION = (
    "a deadlock (1213) rolled this transaction back, all of it: nothing of it was committed; run it again "
    "(run_in_transaction does)"
)
#: The server rolls the whole transaction back on a deadlock (a lock wait timeout, 1205, only the statement).
ER_LOCK_DEADLOCK = 1213
