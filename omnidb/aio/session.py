"""Opening one asyncio session, with the settings of :mod:`omnidb.session`: utf8mb4, UTC, strict
``sql_mode``, autocommit, rows matched (not changed) for UPDATE counts, and the same TLS rules (any
TLS option requires TLS; verification against ``ssl_ca`` or the system's trust store).

Two drivers, chosen by the ``aio_driver`` DSN option: aiomysql (the default; PyMySQL's protocol code
and error classes) and asyncmy (Cython, faster per round trip; its own error classes, which
:mod:`omnidb.errors` maps the same way). What differs between them is kept in this module:
connecting, the streaming cursor, telling a closed session, and reaching the socket for
``write_timeout``. docs/async.md lists the differences found.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

try:
    import aiomysql  # type: ignore[import-untyped]  # the package ships no type information
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("omnidb.aio needs aiomysql: pip install omnidb[async]") from exc
import aiomysql.connection  # type: ignore[import-untyped]
import pymysql
import pymysql.protocol
from pymysql.protocol import LoadLocalPacketWrapper

from omnidb import errors
from omnidb.aio.registry import bounded
from omnidb.cluster import session_settings
from omnidb.config import Config
from omnidb.errors import HOST_HINT, SOCKET_HINT, ConfigError, ConnectionFailed, OmniDBError, translate
from omnidb.session import (
    _NOT_OFFERED,
    INIT_COMMAND,
    ROWS_READ_INLINE,
    DriverInternals,
    _description_length,
    _Descriptions,
    _raise_if_error,
    _refused_file,
    _tls_failure,
    read_row,
    tls_context,
    tls_not_offered,
)

#: The driver's connection (typed loosely: neither driver ships usable type information).
AsyncConnection = Any

#: The attribute naming a session's driver ("aiomysql" or "asyncmy").
DRIVER_ATTRIBUTE = "omnidb_aio_driver"

_WITHOUT_WATCHES = (
    "a session the server closed while it sat in the pool is found by a ping before a single-statement write "
    "instead of without a round trip, and write_timeout is not enforced"
)

#: What ``_AiomysqlConnection`` and ``_DescribedResult`` override or use of aiomysql, and what the
#: check of an idle session and ``write_timeout`` reach (its reader's buffer, its writer's
#: transport): omnidb.session's ``PYMYSQL``, for aiomysql. A release that lacks one gets aiomysql's
#: own session class and neither check, with one warning.
AIOMYSQL = DriverInternals(
    "aiomysql",
    aiomysql.__version__,
    "0.2.0 to 0.3.2",
    (
        (aiomysql.Connection, "_connect"),
        (aiomysql.Connection, "_read_query_result"),
        ((aiomysql.Connection, "_read_query_result"), "_result"),
        ((aiomysql.Connection, "_read_query_result"), "_affected_rows"),
        (aiomysql.Connection, "_read_packet"),
        (aiomysql.Connection, "_read_bytes"),
        (aiomysql.Connection, "_close_on_cancel"),
        (aiomysql.connection.MySQLResult, "_get_descriptions"),
        (aiomysql.connection.MySQLResult, "_read_load_local_packet"),
        (aiomysql.connection.MySQLResult, "init_unbuffered_query"),
        (aiomysql.connection.MySQLResult, "_read_row_from_packet"),
        ((aiomysql.connection.MySQLResult, "_get_descriptions"), "fields"),
        ((aiomysql.connection.MySQLResult, "_get_descriptions"), "description"),
        ((aiomysql.connection.MySQLResult, "_get_descriptions"), "converters"),
        ((aiomysql.connection.MySQLResult, "_read_row_from_packet"), "converters"),
        (aiomysql.DictCursor, "_show_warnings"),
        (pymysql.converters, "through"),
        (None, "_next_seq_id"),
        (None, "_reader._buffer"),
        (None, "_writer.transport"),
    ),
    consequence=f"they read as aiomysql does (slower), bulk loads are refused, and {_WITHOUT_WATCHES}",
)


@functools.cache
def _asyncmy_internals() -> DriverInternals:
    """What the check of an idle session and ``write_timeout`` reach of an asyncmy session (its
    protocol's state, its transport); made at asyncmy's first use, as asyncmy is imported then."""
    from importlib.metadata import version

    return DriverInternals(
        "asyncmy",
        version("asyncmy"),
        "0.2.18",
        (
            (None, "_transport"),
            (None, "_proto.eof"),
            (None, "_proto.exc"),
            (None, "_proto.length"),
            (None, "_proto.pos"),
        ),
        consequence=_WITHOUT_WATCHES,
    )


def _internals(conn: AsyncConnection) -> DriverInternals:
    return _asyncmy_internals() if driver_of(conn) == "asyncmy" else AIOMYSQL


async def open_connection(config: Config) -> AsyncConnection:
    """Open one session on ``config.aio_driver``; ``ConnectionFailed`` naming the server (never the
    password). With a TLS option, a session that is not encrypted is refused (code 2026).

    On a multi-host DSN, the first host that answers and may serve (omnidb/aio/cluster.py).
    """
    from omnidb.aio import cluster  # imported here: the cluster module builds on this one

    return await cluster.open_any(config, _open_one)  # cluster hook: host list, failover, role check


async def open_loading_session(config: Config) -> AsyncConnection:
    """:func:`omnidb.session.open_loading_session` for omnidb.aio: an aiomysql session that may
    send a local file, only the one its ``omnidb_load_file`` names, only while it is set (the LOAD
    of a bulk load, ``omnidb/aio/loading.py``). asyncmy opens none: 0.2 cannot send a file.
    """
    from omnidb.aio import cluster

    if config.aio_driver != "aiomysql":
        raise OmniDBError(f"a session that sends a local file needs aio_driver=aiomysql, not {config.aio_driver}")
    return await cluster.open_any(config, functools.partial(_open_one, local_infile=True))


async def _open_one(config: Config, *, local_infile: bool = False) -> AsyncConnection:
    where = config.safe_dsn()
    tls = tls_context(config) if config.tls_required else None
    if config.aio_driver == "asyncmy":
        opening = _connect_asyncmy(config, tls)
    else:
        opening = _connect_aiomysql(config, tls, local_infile)
    try:
        conn = await asyncio.wait_for(opening, timeout=config.connect_timeout)
    except errors.DRIVER_ERRORS as exc:
        err = translate(exc)
        failure = _tls_failure(exc) if tls is not None else None
        if failure == _NOT_OFFERED:
            raise tls_not_offered(where) from None
        if failure:
            raise ConnectionFailed(f"cannot connect to {where}: TLS failed: {failure}", code=2026) from None
        said = str(err).replace(HOST_HINT, SOCKET_HINT) if config.unix_socket else str(err)  # 2003 either way
        raise type(err)(f"cannot connect to {where}: {said}", code=err.code) from None
    except (OSError, asyncio.TimeoutError) as exc:
        reason = "timed out" if isinstance(exc, asyncio.TimeoutError) else str(exc) or type(exc).__name__
        raise ConnectionFailed(f"cannot connect to {where}: {reason}") from None
    setattr(conn, DRIVER_ATTRIBUTE, config.aio_driver)
    _internals(conn).fit(conn)  # checked at the driver's first session; said once if something lacks
    if tls is not None and not await _encrypted(conn):
        # aiomysql goes on in plaintext when the server offers no TLS: every session is checked once.
        close_quietly(conn)
        raise tls_not_offered(where)
    _watch_writes(conn, config.write_timeout)
    return conn


class _AiomysqlConnection(aiomysql.Connection):  # type: ignore[misc]
    """aiomysql's connection, reading its results with :class:`_DescribedResult`."""

    #: The column descriptions of the result sets this session has read.
    omnidb_descriptions: _Descriptions | None = None
    #: On a session that may send a local file, the one file it may send (see
    #: :func:`open_loading_session`); None: no file at all.
    omnidb_load_file: str | None = None

    async def _read_query_result(self, unbuffered: bool = False) -> None:
        # aiomysql's own (Connection._read_query_result), on omnidb's result class.
        self._result = None
        result = _DescribedResult(self)
        if unbuffered:
            try:
                await result.init_unbuffered_query()
            except BaseException:
                result.unbuffered_active = False
                result.connection = None
                raise
        else:
            await result.read()
        self._result = result
        self._affected_rows = result.affected_rows
        if result.server_status is not None:
            self.server_status = result.server_status


class _DescribedResult(aiomysql.connection.MySQLResult):  # type: ignore[misc]
    """aiomysql's result reader, parsing each distinct set of column descriptions once per session:
    omnidb.session's ``_DescribedResult`` (which says why) for aiomysql, whose parsing is PyMySQL's.
    It sends no file but the one the session's load wrote, as omnidb.session's ``_CheckedLoadResult``
    (aiomysql, like PyMySQL, sends whatever file the server names)."""

    if ROWS_READ_INLINE:  # aiomysql's row reading is PyMySQL's: read inline, as there
        _read_row_from_packet = read_row

    async def _read_load_local_packet(self, first_packet: Any) -> None:
        result: Any = self
        refused = _refused_file(result.connection, LoadLocalPacketWrapper(first_packet).filename)
        if refused is not None:
            result.connection.close()  # the server waits for a file: no reply fits
            raise refused
        await super()._read_load_local_packet(first_packet)

    async def _get_descriptions(self) -> None:
        result: Any = self  # aiomysql's internals: untyped
        conn = result.connection
        count = result.field_count
        where = _Descriptions.where(conn, count)
        seen = conn.omnidb_descriptions
        # Descriptions seen before, already received whole: taken off the reader's buffer at once
        # (omnidb.session's _Descriptions.recall); readexactly() of bytes it holds does not wait.
        buffered = getattr(conn._reader, "_buffer", None)  # asyncio's StreamReader's own: else, as before
        found = seen.match(where, buffered) if seen is not None and buffered and where in seen.wheres else None
        if found is not None:
            block, key = found
            await conn._reader.readexactly(len(block))
            conn._next_seq_id = (conn._next_seq_id + count) % 256
            seen.apply(key, result, conn.decoders)
            await _read_eof(conn)
            return
        try:
            payloads, block = await _read_payloads(conn, count)
        except asyncio.CancelledError:
            conn._close_on_cancel()  # as aiomysql does: the session is mid-result
            raise
        cache, key = _Descriptions.of(conn, payloads)
        if cache.apply(key, result, conn.decoders):
            cache.remember(where, block, key)
            await _read_eof(conn)
            return
        result.connection = _Replay(conn, payloads)
        try:
            await super()._get_descriptions()  # reads the EOF packet too
        finally:
            result.connection = conn
        cache.keep(key, result)
        cache.apply(key, result, conn.decoders)  # the converters results read with (apply())
        cache.remember(where, block, key)


class _Replay:
    """The session, as aiomysql's ``MySQLResult._get_descriptions`` reads it, with its next packets
    already read (their payloads): aiomysql's own parsing of descriptions the cache has not seen."""

    def __init__(self, conn: Any, payloads: list[bytes]) -> None:
        self._conn = conn
        self._payloads = iter(payloads)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    async def _read_packet(self, packet_type: Any = pymysql.protocol.MysqlPacket) -> Any:
        payload = next(self._payloads, None)
        if payload is None:
            return await self._conn._read_packet(packet_type)
        return packet_type(payload, self._conn.encoding)


async def _read_eof(conn: Any) -> None:
    """Read the EOF packet after a result's column descriptions, as aiomysql does."""
    if not (await conn._read_packet()).is_eof_packet():
        conn.close()
        raise pymysql.err.InternalError("Protocol error, expecting EOF")


async def _read_payloads(conn: Any, count: int) -> tuple[list[bytes], bytes]:
    """omnidb.session's ``_read_payloads``, on aiomysql's reader."""
    read = conn._read_bytes
    seq = conn._next_seq_id
    payloads = []
    received: list[bytes] = []
    for _ in range(count):
        header = await read(4)
        length = _description_length(header, seq, conn.close)
        seq = conn._next_seq_id = (seq + 1) % 256
        payload = await read(length)
        _raise_if_error(conn, payload)
        payloads.append(payload)
        received += (header, payload)
    return payloads, b"".join(received)


class _LoadCursor(aiomysql.DictCursor):  # type: ignore[misc]
    """The cursor of a loading session: aiomysql's, less its Python ``Warning`` for each warning a
    statement leaves (it runs ``SHOW WARNINGS`` to find them). A load reads them itself and raises
    the first as the error an INSERT would have raised (``omnidb.loading.check_load``)."""

    async def _show_warnings(self, conn: Any) -> None:
        return None


async def _connect_aiomysql(config: Config, tls: Any, local_infile: bool = False) -> AsyncConnection:
    options = dict(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        db=config.database,
        unix_socket=config.unix_socket,
        charset="utf8mb4",
        autocommit=True,
        connect_timeout=config.connect_timeout,
        init_command=INIT_COMMAND + session_settings(config),
        cursorclass=_LoadCursor if local_infile else aiomysql.DictCursor,
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        ssl=tls,
        local_infile=local_infile,
    )
    if AIOMYSQL.usable and callable(getattr(aiomysql.Connection, "_connect", None)):
        # aiomysql.connect() with omnidb's connection class: what its own ``_connect`` does.
        conn = _AiomysqlConnection(**options)
        await conn._connect()
        if AIOMYSQL.fit(conn):
            return conn
        close_quietly(conn)  # the first session found something missing: aiomysql's own class
    if local_infile:
        raise AIOMYSQL.refuse_loads()
    return await aiomysql.connect(**options)


async def _connect_asyncmy(config: Config, tls: Any) -> AsyncConnection:
    try:
        import asyncmy  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import asyncmy.cursors  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import asyncmy.errors  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError("aio_driver=asyncmy needs the asyncmy package: pip install omnidb[asyncmy]") from None

    # Its error classes are its own: counted as driver errors from its first use on (not at
    # ``import omnidb``, which would import asyncmy and asyncio for every sync user that has it).
    errors.add_driver_errors(asyncmy.errors.MySQLError, asyncmy.errors.InterfaceError)

    return await asyncmy.connect(
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        database=config.database,
        unix_socket=config.unix_socket,
        charset="utf8mb4",
        autocommit=True,
        connect_timeout=config.connect_timeout,
        init_command=INIT_COMMAND + session_settings(config),
        cursor_cls=asyncmy.cursors.DictCursor,
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,  # the protocol's flag: the same number
        ssl=tls,
    )


async def _encrypted(conn: AsyncConnection) -> bool:
    async with conn.cursor() as cur:
        await cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        row = await cur.fetchone()
    return bool(row and row["Value"])


def driver_of(conn: AsyncConnection) -> str:
    """The driver of a session omnidb opened: ``aiomysql`` or ``asyncmy``."""
    return str(getattr(conn, DRIVER_ATTRIBUTE, "aiomysql"))


def tuple_cursor(conn: AsyncConnection, *, unbuffered: bool = False) -> Any:
    """The driver's tuple cursor class (unbuffered: streaming), for rows built by a row builder."""
    if driver_of(conn) == "asyncmy":
        import asyncmy.cursors

        return asyncmy.cursors.SSCursor if unbuffered else asyncmy.cursors.Cursor
    return aiomysql.SSCursor if unbuffered else aiomysql.Cursor


def is_closed(conn: AsyncConnection) -> bool:
    """True when the session was closed (by omnidb, or by the driver after losing it)."""
    if driver_of(conn) == "asyncmy":
        return not conn.connected or (_asyncmy_internals().usable and conn._transport is None)
    return bool(conn.closed)


def closed_while_idle(conn: AsyncConnection) -> bool | None:
    """True when an idle session has something to read or saw the end of its stream: the server
    closed it (KILL, wait_timeout, a restart) while it sat in the pool. No round trip. None where
    the driver's release lacks what this reads (see AIOMYSQL): :func:`answers` tells, by a ping.
    """
    if is_closed(conn):
        return True
    if not _internals(conn).usable:
        return None
    if driver_of(conn) == "asyncmy":
        proto = conn._proto
        return bool(proto is None or proto.eof or proto.exc is not None or proto.length > proto.pos)
    reader = conn._reader
    return bool(reader is None or reader.at_eof() or len(reader._buffer) or reader.exception() is not None)


async def answers(conn: AsyncConnection) -> bool:
    """Whether the session answers a ping (never reconnecting), within its read timeout."""
    try:
        await bounded(conn, conn.ping(False))
        return True
    except Exception:
        return False


def _transport_of(conn: AsyncConnection) -> Any:
    if driver_of(conn) == "asyncmy":
        return conn._transport
    return conn._writer.transport if conn._writer is not None else None


class _WriteWatch:
    """``write_timeout`` for an asyncio session: neither driver has one (they hand each request to the
    transport and never wait for it to be sent). The transport tells its protocol when bytes stay
    unsent (``pause_writing``) and when all were sent (``resume_writing``); a request still not
    wholly taken by the server ``timeout`` seconds after it stopped fitting fails the session, as a
    blocking send does in the sync drivers: ``ConnectionLost``, and the session is discarded.
    Costs nothing while the socket takes every request at once.
    """

    def __init__(self, conn: AsyncConnection, transport: Any, timeout: float) -> None:
        self.conn = conn
        self.transport = transport
        self.timeout = timeout
        self.timer: asyncio.TimerHandle | None = None
        protocol = transport.get_protocol()
        self._pause, self._resume = protocol.pause_writing, protocol.resume_writing
        protocol.pause_writing = self.pause_writing
        protocol.resume_writing = self.resume_writing
        # Told as soon as one byte is left unsent, and again only once none is.
        transport.set_write_buffer_limits(high=1, low=0)

    def pause_writing(self) -> None:
        self._pause()
        if self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.timeout, self.expire)

    def resume_writing(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self._resume()

    def expire(self) -> None:
        self.timer = None
        if self.transport.is_closing() or not self.transport.get_write_buffer_size():
            return
        reason = f"the server took no request within write_timeout={self.timeout:g}s"
        if driver_of(self.conn) == "asyncmy":
            # asyncmy words it "Lost connection to MySQL server during query (<reason>)", code 2013.
            self.conn._proto.exc = TimeoutError(reason)
        else:
            # The pending read raises it: the error, code and wording of PyMySQL's own write timeout.
            self.conn._reader.set_exception(
                pymysql.err.OperationalError(2006, f"MySQL server has gone away ({reason})")
            )
        self.transport.abort()


def _watch_writes(conn: AsyncConnection, timeout: float) -> None:
    if not _internals(conn).usable:
        return  # not enforced (see AIOMYSQL)
    transport = _transport_of(conn)
    if transport is not None:
        setattr(conn, "omnidb_write_watch", _WriteWatch(conn, transport, timeout))  # noqa: B010


@asynccontextmanager
async def translated() -> AsyncIterator[None]:
    """Driver errors raised in the block come out as omnidb errors."""
    try:
        yield
    except errors.DRIVER_ERRORS as exc:
        raise translate(exc) from exc


async def rollback_quietly(conn: AsyncConnection) -> bool:
    """Roll back within the session's read timeout; False if that failed (the session is then unusable)."""
    try:
        await bounded(conn, conn.rollback())
        return True
    except Exception:
        return False


def close_quietly(conn: AsyncConnection) -> None:
    """Close a session without a word to the server (it may be gone, or mid-reply)."""
    with contextlib.suppress(Exception):
        conn.close()
