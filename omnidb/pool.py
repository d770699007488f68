"""The pool: :class:`Database`, a bounded set of sessions to one database, and :func:`connect`.

Sessions come from :func:`omnidb.session.open_connection`; :meth:`Database.transaction` and
:meth:`Database.run_in_transaction` run work in one transaction (:mod:`omnidb.transaction`).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import attrs
import pymysql

from omnidb import cluster, registry
from omnidb.config import Config, from_env
from omnidb.errors import (
    DRIVER_ERRORS,
    ConnectionLost,
    InvalidInput,
    OmniDBError,
    PoolTimeout,
    SchemaVersionMismatch,
    TransientError,
    error_code,
    is_lost,
    read_timed_out,
    translate,
)
from omnidb.session import (
    Connection,
    close_quietly,
    closed_while_idle,
    open_connection,
    rollback_quietly,
    translated,
)
from omnidb.transaction import (
    ER_LOCK_DEADLOCK,
    LOST_TRANSACTION,
    ROLLED_BACK_TRANSACTION,
    Transaction,
    end_stream,
    once_only,
    raise_unless_drained,
)

T = TypeVar("T")
log = logging.getLogger("omnidb")


class Database:
    """A bounded pool of sessions to one database. Thread-safe; use one per process.

    ``with db.transaction() as tx:`` commits when the block ends and rolls back on any exception.
    """

    #: Tells the API it was handed one of its executors (omnidb.transaction.refuse_async).
    omnidb_sync = True

    def __init__(self, config: Config) -> None:
        if not isinstance(config, Config):  # a DSN string would fail later, far from here
            raise TypeError(
                f"Database() takes a Config, not {type(config).__name__}: omnidb.connect(dsn) opens a pool from a DSN"
            )
        self.config = config
        self._idle: list[Connection] = []
        self._opened = 0  # idle plus handed out
        # A plain lock (nothing here takes it twice): the hot paths take it directly, without
        # Condition's Python-level __enter__; _waiting counts the borrowers waiting in _acquire_one,
        # so a release notifies only when someone waits.
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._waiting = 0
        self._closed = False
        self._schema_version: int | None = None

    def __repr__(self) -> str:
        return f"<omnidb.Database {self.config.safe_dsn()}>"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def name(self) -> str | None:
        """The database (schema) name this pool points at."""
        return self.config.database

    @property
    def connections_open(self) -> int:
        """How many sessions the pool holds now, idle or in use."""
        with self._cond:
            return self._opened

    def schema_version(self, *, refresh: bool = False) -> int:
        """The database's schema version (highest applied migration; 0 when none), read once and cached.

        The migration runner refreshes it after a run; pass ``refresh=True`` to re-read it after
        another process migrated the database.
        """
        if self._schema_version is None or refresh:
            with self.connection() as conn:
                self._read_schema_version(conn)
        assert self._schema_version is not None
        return self._schema_version

    def _read_schema_version(self, conn: Connection) -> int:
        """Read the schema version on ``conn`` (a transaction's own session: a transaction on the
        pool's last free place must not need a second one) and cache it."""
        queries = registry.core_file("schema_migrations")
        with translated():
            exists = queries.migrations_table_exists(conn)
            self._schema_version = int(queries.applied_version(conn)) if exists else 0
        return self._schema_version

    def has_schema(self, version: int) -> bool:
        """True when the cached schema version is ``version`` or later (no I/O; False when unknown)."""
        cached = self._schema_version
        return cached is not None and cached >= version

    def forget_schema_version(self) -> None:
        """Drop the cached schema version: the next :meth:`schema_version` reads it again."""
        self._schema_version = None

    def require_schema(self, version: int, api: str, *, conn: Connection | None = None) -> None:
        """Raise ``SchemaVersionMismatch`` unless the schema is at ``version`` or later.

        Re-reads the version before refusing, in case the database was migrated since it was cached;
        on ``conn`` when given (a transaction's session), else on a session of the pool.
        """
        if self.has_schema(version):
            return
        read = self._read_schema_version(conn) if conn is not None else self.schema_version(refresh=True)
        if read >= version:
            return
        raise SchemaVersionMismatch(
            f"{api} needs schema version {version} or later, but {self.name} is at V{self.schema_version()}: "
            f"run `omnidb migrate --to {version}`, or use the API of V{self.schema_version()}"
        )

    def close(self) -> None:
        """Close every idle session; sessions in use close when they are given back."""
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._opened -= len(idle)
            self._cond.notify_all()
        for conn in idle:
            close_quietly(conn)
        cluster.close_replicas(self)  # cluster hook

    @once_only
    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Lend one autocommit session; it goes back to the pool afterwards, or is dropped if broken.

        An unknown column (1054) after the schema version changed raises ``SchemaVersionMismatch``.
        A transaction the borrower left open is rolled back, and autocommit restored, before the
        session is lent again.
        """
        with self._schema_changes(), self._lend(reset=True) as conn:
            yield conn

    @contextmanager
    def _lend(self, *, reset: bool) -> Iterator[Connection]:
        # reset=False is for omnidb's own autocommit reads, which never open a transaction: they
        # skip the ROLLBACK that a session lent to arbitrary code needs on mysqlclient.
        conn = self._acquire()
        broken = lost = False
        try:
            yield conn
        except BaseException as exc:
            broken, lost = _is_broken(exc), is_lost(exc)
            raise
        finally:
            if reset and not broken:
                broken = lost = not _reset(conn)
            self._release(conn, broken=broken, lost=lost)

    @once_only
    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Run the block in one transaction: commit on success, roll back on any exception.

        Driver errors raised in the block come out as omnidb errors. A lost connection during
        COMMIT raises ``ConnectionLost`` saying the outcome is unknown; an unknown column (1054) after
        the schema version changed raises ``SchemaVersionMismatch``.
        """
        with self._schema_changes(), self._transaction() as tx:
            yield tx

    @contextmanager
    def _transaction(self) -> Iterator[Transaction]:
        conn = self._begin()
        tx = Transaction(self, conn)
        broken = False
        try:
            with translated():
                yield tx
        except BaseException as exc:
            tx.active = False
            tx.lost = tx.lost or is_lost(exc)
            # A stream the block left open (the loop raised, or an iterator neither read to the end
            # nor closed): the session is closed, which rolls back, rather than the rest of its rows
            # read away for a ROLLBACK (mysqlclient would refuse one: 2014).
            broken = tx.lost or _is_broken(exc) or not conn.open or tx.stream is not None
            if not broken:
                try:
                    broken = not rollback_quietly(conn)
                except BaseException:  # interrupted mid-reply: the session goes, not back to the pool
                    broken = True
                    raise
            raise
        else:
            tx.active = False
            if not tx.lost and conn.open and tx.stream is not None:
                # An iterator neither read to the end nor closed: its rows are read away before the
                # COMMIT, which the session could not send before (mysqlclient: 2014).
                plural = tx.stream.plural
                try:
                    failed = end_stream(tx)
                except BaseException:
                    broken = True
                    raise
                broken = failed is not None
                raise_unless_drained(tx, plural, failed)
            if tx.lost or not conn.open:
                # The block caught the loss and carried on: the server rolled everything back.
                broken = tx.lost = True
                raise ConnectionLost(LOST_TRANSACTION)
            if tx.rolled_back:
                # The block caught a deadlock and carried on: what ran before it is gone, and what
                # ran after it must not commit alone.
                broken = not rollback_quietly(conn)
                raise TransientError(tx.rollback_reason or ROLLED_BACK_TRANSACTION, code=ER_LOCK_DEADLOCK)
            try:
                with translated():
                    conn.commit()
                cluster.after_commit(self.config, conn)  # cluster hook: the write's GTID, for replica reads
            except ConnectionLost as exc:
                broken = tx.lost = True
                unknown = "the transaction may or may not have been committed"
                raise ConnectionLost(
                    f"the connection was lost during COMMIT: {unknown} ({exc})", code=exc.code
                ) from exc
            except TransientError:
                # Cluster hook: a Galera certification conflict (1213 at COMMIT) rolled the
                # transaction back; the session itself is fine, so it goes back to the pool.
                broken = not rollback_quietly(conn)
                raise
            except BaseException:
                broken = True
                raise
        finally:
            if tx.stream is not None:  # ended with the session (closed)
                tx.stream.ended = True
                tx.stream = None
            self._release(conn, broken=broken, lost=tx.lost)

    @contextmanager
    def _schema_changes(self) -> Iterator[None]:
        """Turn an unknown column (1054) into ``SchemaVersionMismatch`` when the schema version changed.

        Code checks the (cached) version before it sends SQL, but a migration may change the schema
        after that check, e.g. a rollback dropping the columns a v2 write names. Runs after the
        session went back to the pool, so the re-read never waits for the caller's own session.
        """
        # The version the caller's check saw: read now, since another thread's error may refresh the
        # cache before this block fails.
        seen = self._schema_version
        try:
            yield
        except Exception as exc:
            self._raise_if_schema_changed(seen, exc)
            raise

    def _raise_if_schema_changed(self, seen: int | None, exc: BaseException) -> None:
        """Raise ``SchemaVersionMismatch`` (from ``exc``) when ``exc`` is an unknown column (1054) and
        the schema version is no longer ``seen``; return otherwise (the caller re-raises ``exc``)."""
        if not may_be_schema_change(seen, exc):
            return
        try:
            now = self.schema_version(refresh=True)
        except OmniDBError:
            return  # the version cannot be read: the original error says more
        if now != seen:
            raise schema_changed(self.name, seen, now, exc) from exc

    def _read_once(self, work: Callable[[Connection], T]) -> T:
        """``work(session)`` on a lent autocommit session: what ``transaction.reading`` does for a read
        on the pool (no replica, no causal-read switch), written out without context managers, since
        it runs on every read: driver errors translated, a broken session dropped, an unknown column
        after a schema change turned into ``SchemaVersionMismatch`` once the session is back.
        """
        seen = self._schema_version
        conn = self._acquire()
        lent = time.monotonic()
        try:
            try:
                result = work(conn)
            except DRIVER_ERRORS as exc:
                err = translate(exc)
                if type(err) is ConnectionLost and time.monotonic() - lent >= self.config.read_timeout:
                    err = read_timed_out(exc, self.config.read_timeout)  # mysqlclient's words do not say
                raise err from exc
        except BaseException as exc:
            self._release(conn, broken=_is_broken(exc), lost=is_lost(exc))
            self._raise_if_schema_changed(seen, exc)
            raise
        self._release(conn, broken=False)
        return result

    def _write_once(self, work: Callable[[Connection], T]) -> T:
        """``work(session)``, one statement that is atomic on its own (a create's ``INSERT ...
        RETURNING``), on a lent autocommit session: what ``Resource._single_statement`` does on the
        pool, written out without context managers, since it runs on every such create. Unlike a
        read, a write is never sent again after a lost connection, so a session the server closed
        while it sat idle (KILL, wait_timeout, a restart) is dropped before anything is sent on it
        and the next one taken. Driver errors come out translated; a broken session is dropped.
        """
        seen = self._schema_version
        for _ in range(self.config.pool_size + 1):
            conn = self._acquire()
            try:
                # Such a socket has something to read (an error packet, or the end of the stream).
                if closed_while_idle(conn):
                    self._release(conn, broken=True)  # lost: the idle ones likely died with it
                    continue
                try:
                    result = work(conn)
                except DRIVER_ERRORS as exc:
                    raise translate(exc) from exc
                cluster.after_commit(self.config, conn)  # autocommit: what replica reads then wait for
            except BaseException as exc:
                self._release(conn, broken=_is_broken(exc), lost=is_lost(exc))
                self._raise_if_schema_changed(seen, exc)
                raise
            self._release(conn, broken=False)
            return result
        raise ConnectionLost("every pooled session was closed by the server")

    def run_in_transaction(self, work: Callable[[Transaction], T], *, retries: int = 3, backoff: float = 0.05) -> T:
        """Call ``work(tx)`` in a transaction and commit; re-run the whole of it on a deadlock or lock wait.

        On ``TransientError`` (MySQL 1213 deadlock, 1205 lock wait timeout) the transaction is rolled
        back and ``work`` is called again in a new one, up to ``retries`` more times, after
        ``backoff * 2**attempt`` seconds (with jitter). ``work`` must not act outside the database:
        it may run more than once. Returns what the committed run of ``work`` returned.
        """
        if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
            raise InvalidInput(f"retries: expected a whole number >= 0, got {retries!r}", field="retries")
        for attempt in range(retries + 1):
            try:
                with self.transaction() as tx:
                    return work(tx)
            except TransientError:
                if attempt == retries:
                    raise
                log.info("transient error, re-running the transaction (attempt %d of %d)", attempt + 2, retries + 1)
                time.sleep(backoff * 2**attempt * (0.5 + random.random()))
        raise AssertionError("unreachable")  # pragma: no cover

    def _begin(self) -> Connection:
        """A pooled session with a transaction begun.

        A session that died while idle (server restart, KILL, wait_timeout) fails on BEGIN, before
        anything of the transaction ran: it is dropped and a fresh one tried, once.
        """
        for attempt in (1, 2):
            conn = self._acquire()
            started = time.monotonic()
            try:
                with translated():
                    conn.begin()
                return conn
            except ConnectionLost:
                self._release(conn, broken=True)
                # A BEGIN that timed out met a frozen or overloaded server: a fresh session would too.
                if attempt == 2 or time.monotonic() - started >= self.config.read_timeout:
                    raise
            except BaseException as exc:  # interrupted mid-BEGIN: this session goes, the idle ones stay
                self._release(conn, broken=True, lost=is_lost(exc))
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _acquire(self) -> Connection:
        # Cluster hook (DSN option health_check): a session whose server died while it sat idle, or
        # whose Galera node is no longer Synced, is dropped here (with the other idle ones) rather
        # than failing the caller's first statement. The check runs outside the pool's lock.
        if self.config.health_check:
            for _ in range(self.config.pool_size + 1):
                conn = self._acquire_one()
                try:
                    healthy = cluster.session_healthy(conn, self.config)
                except BaseException:  # interrupted mid-check: the session goes, its place is freed
                    self._release(conn, broken=True, lost=False)
                    raise
                if healthy:
                    return conn
                self._release(conn, broken=True)
        return self._acquire_one()

    def _acquire_one(self) -> Connection:
        # The common case first: an idle session, taken under the lock alone (no deadline to work out).
        with self._lock:
            if self._idle and not self._closed:
                return self._idle.pop()
        deadline = time.monotonic() + self.config.pool_timeout
        with self._cond:
            while True:
                if self._closed:
                    raise OmniDBError("the database pool is closed")
                if self._idle:
                    return self._idle.pop()
                if self._opened < self.config.pool_size:
                    self._opened += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PoolTimeout(
                        f"no free connection after {self.config.pool_timeout:g}s: all "
                        f"{self.config.pool_size} are in use (raise pool_size, shorten transactions, or finish or "
                        "close iter_<r>s iterators, which hold a session until they end)"
                    )
                self._waiting += 1
                try:
                    self._cond.wait(remaining)
                finally:
                    self._waiting -= 1
        try:
            return open_connection(self.config)
        except BaseException:
            with self._cond:
                self._opened -= 1
                self._cond.notify()
            raise

    def _release(self, conn: Connection, *, broken: bool, lost: bool | None = None) -> None:
        """Give ``conn`` back: to the pool, or closed if ``broken``. ``lost`` (default: ``broken``): its
        connection was lost, so the idle sessions, likely dead too, are closed with it; a session
        dropped for a reason of its own (an interrupted read) leaves them."""
        stale: list[Connection] = []
        with self._lock:
            if broken or self._closed or not conn.open:
                self._opened -= 1
                keep = False
                if broken if lost is None else lost:
                    # A lost session usually means the server restarted or killed sessions: the idle
                    # ones are likely dead too, so they are dropped rather than handed out to fail.
                    stale, self._idle = self._idle, []
                    self._opened -= len(stale)
            else:
                self._idle.append(conn)
                keep = True
            # One session came back (or one place freed): one waiter can use it. Stale sessions
            # dropped free their places too.
            if self._waiting:
                self._cond.notify(1 + len(stale))
        if not keep:
            close_quietly(conn)
        for old in stale:
            close_quietly(old)


def connect(dsn: str | Config | None = None, **options: Any) -> Database:
    """Open a pool to ``dsn`` (a DSN string, a :class:`Config`, or None for ``$OMNIDB_DSN``).

    Options (``pool_size=5``...) override the DSN's. The server is contacted once, so a bad address,
    login or database fails here: ``ConfigError`` for a malformed DSN, ``ConnectionFailed`` otherwise.
    """
    config = attrs.evolve(dsn, **options) if isinstance(dsn, Config) else from_env(dsn, **options)
    db = Database(config)
    with db.connection():
        pass
    return db


def may_be_schema_change(seen: int | None, exc: BaseException) -> bool:
    """Whether ``exc`` (an unknown column, 1054) may come from a schema changed since version ``seen``
    was read (then the version is read again: :func:`schema_changed` if it moved)."""
    return seen is not None and isinstance(exc, Exception) and error_code(exc) == 1054


def schema_changed(database: str | None, seen: int | None, now: int, exc: BaseException) -> SchemaVersionMismatch:
    """The ``SchemaVersionMismatch`` of a call whose schema moved from ``seen`` to ``now`` under it (sync
    and async)."""
    return SchemaVersionMismatch(
        f"the schema of {database} changed from V{seen} to V{now} under this call ({exc}): run "
        f"`omnidb migrate --to {seen}`, or use the API of V{now}",
        code=1054,
    )


def _is_broken(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionLost):
        return True
    if isinstance(exc, DRIVER_ERRORS):
        return isinstance(translate(exc), ConnectionLost)
    # Anything else (KeyboardInterrupt mid-read included) may leave unread packets on the wire.
    return not isinstance(exc, Exception)


def _reset(conn: Connection) -> bool:
    """End whatever transaction a borrower left open on ``conn`` and restore autocommit.

    Returns False when that failed (the session must then be dropped). PyMySQL keeps the server's
    status flags from every reply, so a clean session costs no round trip. mysqlclient exposes only
    the autocommit flag, not "in transaction", so its sessions always get a ROLLBACK: one short
    round trip per ``connection()`` block, which is a no-op on the server when nothing is open.
    """
    if not conn.open:
        return False
    status: int | None = getattr(conn, "server_status", None)  # PyMySQL only (the stubs omit it)
    in_transaction = status is None or status & pymysql.constants.SERVER_STATUS.SERVER_STATUS_IN_TRANS
    if in_transaction and not rollback_quietly(conn):
        return False
    try:
        if not conn.get_autocommit():  # read from the last reply's flags, on both drivers
            with translated():
                conn.autocommit(True)
    except Exception:
        return False
    return True
