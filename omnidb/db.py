"""Database (a bounded connection pool) and Transaction. The only module that opens connections.

Every session is set up the same way whatever the server's defaults: utf8mb4, UTC (``time_zone
'+00:00'``) and a strict ``sql_mode``, so a bad value is an error rather than a silently mangled row.

Query functions take an ``Executor``: a :class:`Database` (each call runs on its own, a write in its
own transaction) or a :class:`Transaction` (the call joins it, and nothing commits until the ``with``
block ends).
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeAlias, TypeVar, cast

import attrs
import pymysql
import pymysql.cursors

from omnidb import registry
from omnidb.config import Config, from_env
from omnidb.errors import (
    DRIVER_ERRORS,
    ConfigError,
    ConnectionLost,
    OmniDBError,
    PoolTimeout,
    SchemaVersionMismatch,
    TransientError,
    translate,
)

Connection: TypeAlias = "pymysql.connections.Connection[Any]"
T = TypeVar("T")
log = logging.getLogger("omnidb")

# Both MySQL 8.0 and MariaDB 10.6+ accept every mode named here. NO_AUTO_CREATE_USER is left out:
# MySQL 8.0 removed it and refuses a sql_mode that names it.
SQL_MODE = ",".join(
    [
        "STRICT_TRANS_TABLES",
        "STRICT_ALL_TABLES",
        "NO_ZERO_IN_DATE",
        "NO_ZERO_DATE",
        "ERROR_FOR_DIVISION_BY_ZERO",
        "NO_ENGINE_SUBSTITUTION",
        "ONLY_FULL_GROUP_BY",
    ]
)
_INIT_COMMAND = f"SET SESSION sql_mode = '{SQL_MODE}', SESSION time_zone = '+00:00'"


def open_connection(config: Config) -> Connection:
    """Open one session with omnidb's settings; raise ``ConnectionFailed`` (never the password)."""
    try:
        conn = _connect_mysqlclient(config) if config.driver == "mysqlclient" else _connect_pymysql(config)
    except DRIVER_ERRORS as exc:
        err = translate(exc)
        where = config.safe_dsn()
        raise type(err)(f"cannot connect to {where}: {err}", code=err.code) from None
    if config.slow_query_ms is not None:
        setattr(conn, registry.SLOW_QUERY_ATTRIBUTE, config.slow_query_ms)
    return conn


def _connect_pymysql(config: Config) -> Connection:
    return pymysql.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        database=config.database,
        unix_socket=config.unix_socket,
        charset="utf8mb4",
        autocommit=True,
        connect_timeout=config.connect_timeout,
        init_command=_INIT_COMMAND,
        cursorclass=pymysql.cursors.DictCursor,
        # UPDATE reports rows matched, not rows changed: an update that sets a value the row
        # already holds still proves the row exists.
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        ssl_ca=config.ssl_ca,
        ssl_verify_cert=config.ssl_verify_cert if config.ssl_ca else None,
        ssl_verify_identity=config.ssl_verify_identity if config.ssl_ca else None,
    )


def _connect_mysqlclient(config: Config) -> Connection:
    """The same session through mysqlclient (MySQLdb), the C driver: same settings, same behaviour."""
    import MySQLdb
    import MySQLdb.constants.CLIENT
    import MySQLdb.cursors

    options: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "user": config.user,
        "password": config.password,
        "charset": "utf8mb4",
        "autocommit": True,
        "connect_timeout": max(1, round(config.connect_timeout)),
        "init_command": _INIT_COMMAND,
        "cursorclass": MySQLdb.cursors.DictCursor,
        "client_flag": MySQLdb.constants.CLIENT.FOUND_ROWS,
    }
    if config.database:
        options["database"] = config.database
    if config.unix_socket:
        options["unix_socket"] = config.unix_socket
    if config.ssl_ca:
        options["ssl"] = {"ca": config.ssl_ca}
        options["ssl_mode"] = (
            "VERIFY_IDENTITY" if config.ssl_verify_identity else "VERIFY_CA" if config.ssl_verify_cert else "REQUIRED"
        )
    # mysqlclient's connection offers every method and attribute omnidb uses on PyMySQL's.
    return cast(Connection, MySQLdb.connect(**options))


class Database:
    """A bounded pool of sessions to one database. Thread-safe; use one per process.

    ``with db.transaction() as tx:`` commits when the block ends and rolls back on any exception.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._idle: list[Connection] = []
        self._opened = 0  # idle plus handed out
        self._cond = threading.Condition()
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
            queries = registry.core()
            with self.connection() as conn, _translated():
                exists = queries.migrations_table_exists(conn)
                self._schema_version = int(queries.applied_version(conn)) if exists else 0
        return self._schema_version

    def forget_schema_version(self) -> None:
        """Drop the cached schema version: the next :meth:`schema_version` reads it again."""
        self._schema_version = None

    def require_schema(self, version: int, api: str) -> None:
        """Raise ``SchemaVersionMismatch`` unless the schema is at ``version`` or later.

        Re-reads the version before refusing, in case the database was migrated since it was cached.
        """
        if self.schema_version() >= version or self.schema_version(refresh=True) >= version:
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
            _close_quietly(conn)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """Lend one autocommit session; it goes back to the pool afterwards, or is dropped if broken."""
        conn = self._acquire()
        broken = False
        try:
            yield conn
        except BaseException as exc:
            broken = _is_broken(exc)
            raise
        finally:
            self._release(conn, broken=broken)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Run the block in one transaction: commit on success, roll back on any exception.

        Driver errors raised in the block come out as omnidb errors. A lost connection during
        COMMIT raises ``ConnectionLost`` saying the outcome is unknown.
        """
        conn = self._begin()
        tx = Transaction(self, conn)
        broken = False
        try:
            with _translated():
                yield tx
        except BaseException as exc:
            tx.active = False
            broken = _is_broken(exc) or not _rollback_quietly(conn)
            raise
        else:
            tx.active = False
            try:
                with _translated():
                    conn.commit()
            except ConnectionLost as exc:
                broken = True
                unknown = "the transaction may or may not have been committed"
                raise ConnectionLost(
                    f"the connection was lost during COMMIT: {unknown} ({exc})", code=exc.code
                ) from exc
            except BaseException:
                broken = True
                raise
        finally:
            self._release(conn, broken=broken)

    def run_in_transaction(self, work: Callable[[Transaction], T], *, retries: int = 3, backoff: float = 0.05) -> T:
        """Call ``work(tx)`` in a transaction and commit; re-run the whole of it on a deadlock or lock wait.

        On ``TransientError`` (MySQL 1213 deadlock, 1205 lock wait timeout) the transaction is rolled
        back and ``work`` is called again in a new one, up to ``retries`` more times, after
        ``backoff * 2**attempt`` seconds (with jitter). ``work`` must not act outside the database:
        it may run more than once. Returns what the committed run of ``work`` returned.
        """
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
            try:
                with _translated():
                    conn.begin()
                return conn
            except ConnectionLost:
                self._release(conn, broken=True)
                if attempt == 2:
                    raise
            except BaseException:
                self._release(conn, broken=True)
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _acquire(self) -> Connection:
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
                        f"{self.config.pool_size} are in use (raise pool_size or shorten transactions)"
                    )
                self._cond.wait(remaining)
        try:
            return open_connection(self.config)
        except BaseException:
            with self._cond:
                self._opened -= 1
                self._cond.notify()
            raise

    def _release(self, conn: Connection, *, broken: bool) -> None:
        if not broken and conn.open and _in_transaction(conn):
            # A caller left a transaction open on a lent session: never let it leak into the next.
            broken = not _rollback_quietly(conn)
        stale: list[Connection] = []
        with self._cond:
            if broken or self._closed or not conn.open:
                self._opened -= 1
                keep = False
                if broken:
                    # A lost session usually means the server restarted or killed sessions: the idle
                    # ones are likely dead too, so they are dropped rather than handed out to fail.
                    stale, self._idle = self._idle, []
                    self._opened -= len(stale)
            else:
                self._idle.append(conn)
                keep = True
            self._cond.notify_all()
        if not keep:
            _close_quietly(conn)
        for old in stale:
            _close_quietly(old)


class Transaction:
    """One open transaction on one session; pass it to query functions so they join it."""

    def __init__(self, database: Database, conn: Connection) -> None:
        self.database = database
        self.connection = conn
        self.active = True

    def __repr__(self) -> str:
        state = "active" if self.active else "finished"
        return f"<omnidb.Transaction {state} on {self.database.config.safe_dsn()}>"


Executor: TypeAlias = Database | Transaction


def database_of(executor: Executor) -> Database:
    """The pool behind an executor."""
    return executor.database if isinstance(executor, Transaction) else executor


def run_read(executor: Executor, work: Callable[[Connection], T]) -> T:
    """``work(session)`` on a reading session; on a ``Database``, once more on a fresh session if the
    connection was lost, since a read is safe to repeat. Inside a transaction it is never repeated.
    """
    try:
        with reading(executor) as conn:
            return work(conn)
    except ConnectionLost:
        if isinstance(executor, Transaction):
            raise
        log.info("connection lost during a read: repeating it on a fresh session")
    with reading(executor) as conn:
        return work(conn)


@contextmanager
def reading(executor: Executor) -> Iterator[Connection]:
    """A session for reads: the transaction's own, or a pooled autocommit one (no BEGIN/COMMIT)."""
    if isinstance(executor, Transaction):
        _check_active(executor)
        with _translated():
            yield executor.connection
        return
    with executor.connection() as conn, _translated():
        yield conn


@contextmanager
def writing(executor: Executor) -> Iterator[Connection]:
    """A session for writes: the transaction's own, or a new transaction committed on success."""
    if isinstance(executor, Transaction):
        _check_active(executor)
        with _translated():
            yield executor.connection
        return
    with executor.transaction() as tx, _translated():
        yield tx.connection


_DATABASE_NAME = re.compile(r"^[A-Za-z0-9_$]{1,64}$")


def create_database(config: Config, name: str) -> None:
    """Create database ``name`` (utf8mb4) on the server of ``config`` if it does not exist."""
    _database_ddl(
        config,
        f"CREATE DATABASE IF NOT EXISTS `{_checked_name(name)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
    )


def drop_database(config: Config, name: str) -> None:
    """Drop database ``name`` on the server of ``config`` if it exists."""
    _database_ddl(config, f"DROP DATABASE IF EXISTS `{_checked_name(name)}`")


def checked_database_name(name: str) -> str:
    """``name`` if it is a safe database name (1 to 64 letters, digits, _ or $); else ``ConfigError``."""
    return _checked_name(name)


def _checked_name(name: str) -> str:
    # The only statements built in Python: an identifier cannot be a bound parameter, so the name is
    # checked against a strict pattern before it is quoted.
    if not _DATABASE_NAME.match(name):
        raise ConfigError(f"database names are 1 to 64 letters, digits, _ or $; not {name!r}")
    return name


def _database_ddl(config: Config, sql: str) -> None:
    conn = open_connection(config.with_database(None))
    try:
        with conn.cursor() as cur, _translated():
            cur.execute(sql)
    finally:
        conn.close()


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


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


def _check_active(tx: Transaction) -> None:
    if not tx.active:
        raise OmniDBError("the transaction has already ended; open a new one")


def _is_broken(exc: BaseException) -> bool:
    if isinstance(exc, ConnectionLost):
        return True
    if isinstance(exc, DRIVER_ERRORS):
        return isinstance(translate(exc), ConnectionLost)
    # Anything else (KeyboardInterrupt mid-read included) may leave unread packets on the wire.
    return not isinstance(exc, Exception)


def _in_transaction(conn: Connection) -> bool:
    # PyMySQL keeps server_status from every OK packet (the stubs do not declare it); mysqlclient
    # does not expose it, and its sessions are checked by the rollback on release instead.
    status: int = getattr(conn, "server_status", 0)
    return bool(status & pymysql.constants.SERVER_STATUS.SERVER_STATUS_IN_TRANS)


def _rollback_quietly(conn: Connection) -> bool:
    try:
        conn.rollback()
        return True
    except Exception:
        return False


def _close_quietly(conn: Connection) -> None:
    with suppress(Exception):
        conn.close()
