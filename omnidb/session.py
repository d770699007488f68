"""Opening one session: the only place omnidb connects to a server.

Every session is set up the same way whatever the server's defaults: utf8mb4, UTC (``time_zone
'+00:00'``) and a strict ``sql_mode``, so a bad value is an error rather than a silently mangled row.
The pool (:mod:`omnidb.pool`) lends sessions; :mod:`omnidb.transaction` runs work on them.
"""

from __future__ import annotations

import datetime
import functools
import logging
import os
import re
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from select import select as readable_now
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import pymysql
import pymysql.connections
import pymysql.converters
import pymysql.cursors
import pymysql.protocol
from pymysql.constants.CR import CR_SERVER_LOST

from omnidb import cluster, registry
from omnidb.config import Config
from omnidb.errors import DRIVER_ERRORS, HOST_HINT, SOCKET_HINT, ConfigError, ConnectionFailed, OmniDBError, translate

Connection: TypeAlias = "pymysql.connections.Connection[Any]"

log = logging.getLogger("omnidb")

# Both MySQL 8.0 and MariaDB 10.6+ accept every mode named here. NO_AUTO_CREATE_USER is left out:
# MySQL 8.0 removed it and refuses a sql_mode that names it (docs/mysql-compat.md).
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
#: What every session runs first, whichever driver opens it (omnidb.aio's too).
INIT_COMMAND = f"SET SESSION sql_mode = '{SQL_MODE}', SESSION time_zone = '+00:00'"
_INIT_COMMAND = INIT_COMMAND


def open_connection(config: Config) -> Connection:
    """Open one session with omnidb's settings and return it.

    On a multi-host DSN, the first host that answers and may serve (omnidb/cluster.py).
    Raises ``ConfigError`` when a file the DSN names (``ssl_ca``) cannot be read, and
    ``ConnectionFailed`` when the server cannot be reached, refuses the login, fails TLS
    verification, or offers no TLS although a TLS option is set. No message holds the password.
    """
    return cluster.open_any(config, _open_one)  # cluster hook: host list, failover, role check


def open_pinned_connection(config: Config) -> tuple[Connection, Config]:
    """:func:`open_connection`, and the settings that reach the server it was opened on, and that
    server alone: on a multi-host DSN, that host's (:func:`omnidb.cluster.open_pinned`)."""
    return cluster.open_pinned(config, _open_one)


def open_loading_session(config: Config) -> Connection:
    """:func:`open_connection`, on a PyMySQL session that may send a local file to the server (``LOAD
    DATA LOCAL INFILE``): only the file its ``omnidb_load_file`` names, only while it is set (the
    LOAD of a bulk load, ``omnidb/loading.py``); a request for any other file, at any statement, is
    refused (:class:`_CheckedLoadResult`). Only the bulk loads open one, and close it after; no
    pooled session ever may send a file. mysqlclient (Connector/C) sends whatever file the server
    names, so it opens none.
    """
    if config.driver != "pymysql":
        raise OmniDBError(f"a session that sends a local file needs driver=pymysql, not {config.driver}")
    return cluster.open_any(config, functools.partial(_open_one, local_infile=True))


def _open_one(config: Config, *, local_infile: bool = False) -> Connection:
    where = config.safe_dsn()
    _check_files(config)
    try:
        if config.driver == "mysqlclient":
            conn = _connect_mysqlclient(config)
        else:
            conn = _connect_pymysql(config, tls_context(config) if config.tls_required else None, local_infile)
    except DRIVER_ERRORS as exc:
        err = translate(exc)
        tls = _tls_failure(exc)
        if tls == _NOT_OFFERED:
            raise tls_not_offered(where) from None
        if tls:
            raise ConnectionFailed(f"cannot connect to {where}: TLS failed: {tls}", code=err.code) from None
        said = str(err).replace(HOST_HINT, SOCKET_HINT) if config.unix_socket else str(err)  # PyMySQL: 2003
        raise type(err)(f"cannot connect to {where}: {said}", code=err.code) from None
    except ssl.SSLError as exc:
        raise ConnectionFailed(f"cannot connect to {where}: TLS failed: {exc.reason or exc}") from None
    except OSError as exc:  # a driver that did not wrap a socket or file error
        raise ConnectionFailed(f"cannot connect to {where}: {exc.strerror or exc}") from None
    try:
        with translated():
            plaintext = config.tls_required and not _encrypted(conn)
    except BaseException:
        close_quietly(conn)
        raise
    if plaintext:
        # PyMySQL refuses such a server itself; mysqlclient built on MariaDB Connector/C does not,
        # so every session is checked once, before any query of the caller runs.
        close_quietly(conn)
        raise tls_not_offered(where)
    # Set even when off (None): reading it then costs no failed attribute lookup on every query.
    setattr(conn, registry.SLOW_QUERY_ATTRIBUTE, config.slow_query_ms)
    return conn


def _check_files(config: Config) -> None:
    # The drivers fail on a missing file with a bare OSError (PyMySQL) or silently skip TLS
    # (mysqlclient): name the option and the file instead.
    if config.ssl_ca and not os.access(config.ssl_ca, os.R_OK):
        reason = "no such file" if not os.path.exists(config.ssl_ca) else "not readable"
        raise ConfigError(f"DSN option ssl_ca: cannot read {config.ssl_ca}: {reason}")


def tls_not_offered(where: str) -> ConnectionFailed:
    """The error for a server that offers no TLS to a DSN that requires it: one wording whichever
    driver found it (PyMySQL before the login, the others' sessions checked after it)."""
    return ConnectionFailed(
        f"cannot connect to {where}: the server does not offer TLS, and the DSN requires it "
        "(ssl, ssl_ca, ssl_verify_cert or ssl_verify_identity is set)",
        code=2026,
    )


#: What :func:`_tls_failure` says of a driver's refusal of a server without TLS.
_NOT_OFFERED = "the server does not offer TLS"
_NO_TLS_SERVER = re.compile(r"SSL is required.* server does(?:n't| not) support it")


def _tls_failure(exc: BaseException) -> str | None:
    """What went wrong in a TLS handshake wrapped in a driver error, or None if it was not TLS;
    ``_NOT_OFFERED`` when the server offered none (PyMySQL: "SSL is required but the server doesn't
    support it"; Connector/C: "SSL is required, but the server does not support it")."""
    if _NO_TLS_SERVER.search(str(exc.args[-1] if exc.args else "")):
        return _NOT_OFFERED
    original = getattr(exc, "original_exception", None)  # PyMySQL keeps the socket error here
    if isinstance(original, ssl.SSLCertVerificationError):
        return f"certificate verify failed: {original.verify_message}"
    if isinstance(original, ssl.SSLError):
        return str(original.reason or original)
    text = str(exc.args[-1]) if exc.args else ""
    if "SSL" in text or "TLS" in text or "certificate" in text.lower():
        return text
    return None


def _encrypted(conn: Connection) -> bool:
    with conn.cursor() as cur:
        cur.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        row = cur.fetchone()
    return bool(row and row["Value"])


def is_mariadb(conn: Connection) -> bool:
    """True when the session's server is MariaDB (from the handshake: no round trip). The one test
    of which server it is; what differs is listed in docs/mysql-compat.md.
    """
    return "mariadb" in server_info(conn).lower()


def server_info(conn: Connection) -> str:
    """The server's version string from the handshake, on both drivers."""
    return str(conn.get_server_info())  # type: ignore[no-untyped-call]


def tls_context(config: Config) -> ssl.SSLContext:
    """The TLS settings of a session of ``config`` (PyMySQL's, aiomysql's, asyncmy's): the DSN's CA,
    else the system's trust store; nothing loaded when nothing is verified (``ssl=true`` alone).

    One context per set of TLS options, shared by every session that has them (an SSLContext is
    made to be shared): loading a trust store costs ~20 ms, which a pool would otherwise pay for
    every session it opens. A CA file that changes (a rotated CA) gives a new context.
    Raises ``ConfigError`` when the ``ssl_ca`` file holds no usable certificate.
    """
    try:
        stamp = os.stat(config.ssl_ca).st_mtime_ns if config.ssl_ca else None
    except OSError:
        stamp = None  # the load below names the file and what is wrong with it
    trust_env = (os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    return _tls_context(config.ssl_ca, stamp, config.verifies_certificate, config.ssl_verify_identity, trust_env)


@functools.lru_cache(maxsize=16)
def _tls_context(
    ca: str | None, _stamp: int | None, verify: bool, identity: bool, _trust_env: tuple[str | None, str | None]
) -> ssl.SSLContext:
    if not verify:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # encrypts; verifies nothing, so loads no CA
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    try:
        context = ssl.create_default_context(cafile=ca)
    except ssl.SSLError as exc:
        raise ConfigError(f"DSN option ssl_ca: {ca} holds no usable CA certificate ({exc.reason})") from None
    context.check_hostname = identity
    context.verify_mode = ssl.CERT_REQUIRED
    return context


if TYPE_CHECKING:
    _PyMySQLBase = pymysql.connections.Connection[Any]
else:
    _PyMySQLBase = pymysql.connections.Connection


class _PyMySQLConnection(_PyMySQLBase):
    """PyMySQL's connection, less the TLS context it builds for each session of a DSN that sets no
    TLS option: its "preferred" mode, TLS when the server offers it, verifying nothing. PyMySQL
    builds that context with ``ssl.create_default_context()``, which loads the system's trust store
    (~20 ms for every session on the development machine) into a context that never uses it; here
    every such session shares one context that loads nothing. The mode is PyMySQL's own: a server
    without TLS is still spoken to in plaintext. Should a PyMySQL release stop calling this method,
    sessions cost what they did before (tests/test_tls.py notices).

    Its results are read by omnidb's result classes: each distinct set of column descriptions is
    parsed once per session (``_DescribedResult``), and a session that may send a local file
    sends only its load's own (``_CheckedLoadResult``).
    """

    #: The column descriptions of the result sets this session has read (``_DescribedResult``).
    omnidb_descriptions: _Descriptions | None = None
    #: On a session that may send a local file (a bulk load's own), the one file it may send, set
    #: by the load for its LOAD statement alone (``omnidb/loading.py``); None: no file at all.
    omnidb_load_file: str | None = None

    def _create_ssl_ctx(self, sslp: Any) -> ssl.SSLContext:
        if isinstance(sslp, dict) and not sslp:
            return _tls_context(None, None, False, False, (None, None))
        return super()._create_ssl_ctx(sslp)  # type: ignore[misc,no-any-return]

    def _read_query_result(self, unbuffered: bool = False) -> int:
        # PyMySQL's own reading of a result (Connection._read_query_result), on omnidb's result class.
        self._result = None
        # getattr: this runs inside the constructor (init_command), before PYMYSQL's check could.
        result = _CheckedLoadResult(self) if getattr(self, "_local_infile", False) else _DescribedResult(self)
        if unbuffered:
            try:
                result.init_unbuffered_query()
            except BaseException:
                # As PyMySQL 1.1.0 and 1.1.1 do here (later releases reset these inside): a result
                # left active would, once collected, wait on the socket for rows that never come.
                result.unbuffered_active = False
                result.connection = None
                raise
        else:
            result.read()
        self._result = result
        if result.server_status is not None:
            self.server_status = result.server_status
        return result.affected_rows  # type: ignore[return-value]


class _Replay:
    """The session, as ``MySQLResult._get_descriptions`` reads it, with its next packets already
    read (their payloads): PyMySQL's own parsing of descriptions the cache has not seen."""

    def __init__(self, conn: Any, payloads: list[bytes]) -> None:
        self._conn = conn
        self._payloads = iter(payloads)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    def _read_packet(self, packet_type: Any = pymysql.protocol.MysqlPacket) -> Any:
        payload = next(self._payloads, None)
        if payload is None:
            return self._conn._read_packet(packet_type)
        return packet_type(payload, self._conn.encoding)


def read_row(result: Any, packet: Any) -> tuple[Any, ...]:
    """PyMySQL's (and aiomysql's) own reading of a row packet (``MySQLResult._read_row_from_packet``)
    with ``result``'s converters, each value's length read inline instead of by three packet method
    calls a column: most of a page's client time.

    The same values, types and errors as PyMySQL's: NULL (251) is None, a length byte of 252,
    253 or 254 is followed by 2, 3 or 8 bytes of length; a row that ends early ends there; a value
    cut short raises PyMySQL's ``AssertionError``. ``tests/test_descriptions.py`` compares every
    row with PyMySQL's reading of it.
    """
    data = packet._data
    pos = packet._position
    end = len(data)
    row: list[Any] = []
    for encoding, converter in result.converters:
        if pos >= end:  # no more values in this row, as PyMySQL reads it
            break
        length = data[pos]
        if length < 251:
            pos += 1
        elif length == 251 or length == 255:  # NULL (PyMySQL reads no length after 255 either)
            pos += 1
            row.append(None)
            continue
        elif length == 252:
            length = int.from_bytes(data[pos + 1 : pos + 3], "little")
            pos += 3
        elif length == 253:
            length = int.from_bytes(data[pos + 1 : pos + 4], "little")
            pos += 4
        else:  # 254
            length = int.from_bytes(data[pos + 1 : pos + 9], "little")
            pos += 9
        value = data[pos : pos + length]
        if len(value) != length:
            raise AssertionError(
                "Result length not requested length:\n"
                f"Expected={length}.  Actual={len(value)}.  Position: {pos}.  Data Length: {end}"
            )
        pos += length
        if encoding is not None:
            value = value.decode(encoding)
        if converter is not None:
            value = converter(value)
        row.append(value)
    packet._position = pos
    return tuple(row)


class _DescribedResult(pymysql.connections.MySQLResult):
    """PyMySQL's result reader, parsing each distinct set of column descriptions once per session.

    PyMySQL parses every column's description packet in Python for every result: six length-coded
    strings and a struct each, then a converter lookup. For the 33 columns of an app that is most
    of the client's time in a one-row read or an ``INSERT ... RETURNING`` (docs/performance.md,
    reads by id). A session sees the same few column lists again and again, byte for byte: here the
    packets are read as bytes, and parsed by PyMySQL only when that exact sequence of bytes (with
    the session's encoding and ``use_unicode``) is new to the session. What PyMySQL parses from them
    depends on nothing else, but for the converters, which come from the session's ``decoders``
    (a dict its user may change): those are looked up again for every result, as PyMySQL does. A
    changed table (a column added, retyped, renamed) sends other bytes, so it is parsed afresh.
    """

    def _get_descriptions(self) -> None:
        result: Any = self  # PyMySQL's result and session internals: untyped, no stub covers them
        conn: Any = self.connection
        count = result.field_count
        seen = conn.omnidb_descriptions
        key = None if seen is None else seen.recall(conn, count)
        if key is None:
            where = _Descriptions.where(conn, count)
            payloads, block = _read_payloads(conn, count)
            cache, key = _Descriptions.of(conn, payloads)
            if not cache.apply(key, result, conn.decoders):
                result.connection = _Replay(conn, payloads)
                try:
                    super()._get_descriptions()  # type: ignore[misc]  # reads the EOF packet too
                finally:
                    result.connection = conn
                cache.keep(key, result)
                cache.apply(key, result, conn.decoders)  # the converters results read with (apply())
                cache.remember(where, block, key)
                return
            cache.remember(where, block, key)
        else:
            seen.apply(key, result, conn.decoders)  # recall() returns only a key it keeps
        if not conn._read_packet().is_eof_packet():
            conn._force_close()
            raise pymysql.err.InternalError("Protocol error, expecting EOF")

    _read_row_from_packet = read_row  # a row's values read inline (read_row says how)


class _Descriptions:
    """The column descriptions a session has read, what its driver (PyMySQL, or aiomysql, whose
    parsing is PyMySQL's) parsed of them, by the bytes they came in (``_DescribedResult``).

    Bounded by columns, not entries: a column's parsed description takes about 0.75 kB (25 kB for
    33 columns, measured with tracemalloc), and a result may have hundreds. Past
    ``_DESCRIBED_COLUMNS`` (about 1.5 MB) the oldest entries go; every resource's columns fit.

    The packets themselves, headers included, are kept too (``blocks``, PyMySQL only): when the
    bytes the session has already received start with a kept run of them, byte for byte, they are
    taken off its buffer at once (:meth:`recall`) instead of packet by packet, two reads each. The
    sequence numbers are part of those bytes, and only the column list that opens a reply is kept
    (one block per entry at most); one split across two network reads does not match (it is read
    packet by packet, as before).
    """

    __slots__ = ("blocks", "columns", "entries", "wheres")

    def __init__(self) -> None:
        # key -> (fields, description, (encoding, type code) of each column)
        self.entries: dict[tuple[Any, ...], tuple[list[Any], tuple[Any, ...], list[tuple[Any, int]]]] = {}
        self.columns = 0
        # (*where (see where()), the first packet's bytes) -> [(the packets' bytes, headers
        # included, key of their entry)]: found by a dict lookup, whatever the number kept
        self.blocks: dict[tuple[Any, ...], list[tuple[bytes, tuple[Any, ...]]]] = {}
        # where -> how many blocks are kept for it: a reply with none is not looked at
        self.wheres: dict[tuple[Any, ...], int] = {}

    @staticmethod
    def where(conn: Any, count: int) -> tuple[Any, ...]:
        """Where ``count`` descriptions come next on ``conn``: what, besides their bytes, a kept block
        must match (the parse reads the encoding and ``use_unicode``; the headers carry the sequence)."""
        return (conn.encoding, conn.use_unicode, count, conn._next_seq_id)

    def recall(self, conn: Any, count: int) -> tuple[Any, ...] | None:
        """When the bytes ``conn`` holds received start with a kept block of ``count`` descriptions,
        take them off and return their key; else None, having read nothing."""
        where = self.where(conn, count)
        if where not in self.wheres:
            return None
        found = self.match(where, _peek(conn))
        if found is None:
            return None
        conn._rfile.read(len(found[0]))  # from the buffer: no wait, no system call
        conn._next_seq_id = (conn._next_seq_id + count) % 256
        return found[1]

    def match(self, where: tuple[Any, ...], buffered: bytes | bytearray) -> tuple[bytes, tuple[Any, ...]] | None:
        """The kept block (and its key) that ``buffered``, the bytes received and not read yet, starts
        with, for descriptions that come next at ``where``; None if none."""
        for block, key in self.blocks.get((*where, bytes(_first_packet(buffered))), ()):
            if buffered.startswith(block) and key in self.entries:
                return block, key
        return None

    def remember(self, where: tuple[Any, ...], block: bytes, key: tuple[Any, ...]) -> None:
        """Keep ``block`` (the packets of the entry ``key``, as received at ``where``) for :meth:`recall`.

        Only a column list that opens a reply is kept (its first packet is the second of the reply,
        after the column count: every statement omnidb sends). One an entry had at other places
        (each result of a ``CALL``) would be kept once per place: up to 256 copies of each.
        """
        if key not in self.entries or where[3] != _FIRST_DESCRIPTION:  # too wide to keep, or not a reply's first
            return
        listed = self.blocks.setdefault((*where, _first_packet(block)), [])
        if all(kept != block for kept, _ in listed):
            listed.append((block, key))
            self.wheres[where] = self.wheres.get(where, 0) + 1

    @staticmethod
    def of(conn: Any, payloads: list[bytes]) -> tuple[_Descriptions, tuple[Any, ...]]:
        """The session's descriptions (made on first use), and the key of ``payloads`` in them: the
        bytes, with the session's encoding and ``use_unicode`` (what else PyMySQL's parse reads)."""
        cache = conn.omnidb_descriptions
        if cache is None:
            cache = conn.omnidb_descriptions = _Descriptions()
        return cache, (conn.encoding, conn.use_unicode, *payloads)

    def apply(self, key: tuple[Any, ...], result: Any, decoders: dict[int, Any]) -> bool:
        """Give ``result`` the fields, converters and description kept under ``key``; False when
        none are kept. The converters are looked up in ``decoders`` now, as the driver would
        (PyMySQL's own ``convert_datetime`` taken as :func:`convert_datetime`, which equals it)."""
        found = self.entries.get(key)
        if found is None:
            return False
        result.fields, result.description, kinds = found
        through = pymysql.converters.through
        result.converters = [
            (encoding, None if (decoder := decoders.get(kind)) is through else _faster(decoder))
            for encoding, kind in kinds
        ]
        return True

    def keep(self, key: tuple[Any, ...], result: Any) -> None:
        """Keep what the driver parsed of ``result``'s descriptions, under ``key``."""
        width = len(result.fields)
        if width > _DESCRIBED_COLUMNS:
            return
        while self.entries and self.columns + width > _DESCRIBED_COLUMNS:
            oldest = next(iter(self.entries))
            self.columns -= len(self.entries.pop(oldest)[0])
            for found, listed in list(self.blocks.items()):  # its blocks go with it
                kept = [(block, key) for block, key in listed if key != oldest]
                if len(kept) == len(listed):
                    continue
                where = found[:-1]
                self.wheres[where] -= len(listed) - len(kept)
                if not self.wheres[where]:
                    del self.wheres[where]
                if kept:
                    self.blocks[found] = kept
                else:
                    del self.blocks[found]
        kinds = [
            (encoding, field.type_code) for (encoding, _), field in zip(result.converters, result.fields, strict=True)
        ]
        self.entries[key] = (result.fields, result.description, kinds)
        self.columns += width


_pymysql_convert_datetime = pymysql.converters.convert_datetime
_from_iso = datetime.datetime.fromisoformat


def convert_datetime(value: bytes | str) -> Any:
    """PyMySQL's ``convert_datetime`` (DATETIME and TIMESTAMP values), with the same result for every
    input, in under half the time for what a server sends: ``YYYY-MM-DD hh:mm:ss``, with a fraction
    of 1 to 6 digits or none, ASCII digits at every place, goes to ``datetime.fromisoformat`` (C),
    which reads that shape as PyMySQL does; anything else (a zero date, a value it refuses, a time
    zone it would take and PyMySQL would not) to PyMySQL's own. ``tests/test_descriptions.py``
    compares the two on generated values.
    """
    text = value.decode("ascii") if isinstance(value, (bytes, bytearray)) else value
    size = len(text)
    # The date's digits and dashes fromisoformat checks itself; the time's it would read otherwise
    # (a time zone where a digit should be, or after the fraction).
    if (
        (size == 19 or (21 <= size <= 26 and text[19] == "." and text[20:].isdigit()))
        and text[10] == " "
        and text[11:13].isdigit()
        and text[13] == ":"
        and text[14:16].isdigit()
        and text[16] == ":"
        and text[17:19].isdigit()
        and text.isascii()
    ):
        try:
            return _from_iso(text)
        except ValueError:
            pass
    return _pymysql_convert_datetime(value)


def _faster(converter: Any) -> Any:
    """The converter a result uses for ``converter`` of the session's ``decoders``: an equal, faster
    one for PyMySQL's ``convert_datetime``, else ``converter`` itself (a user's own, say)."""
    return convert_datetime if converter is _pymysql_convert_datetime else converter


#: The sequence number of the first column description of a reply (the column count is 1).
_FIRST_DESCRIPTION = 2

#: How many columns' descriptions a session keeps, at most (about 0.75 kB each).
_DESCRIBED_COLUMNS = 2048


def _description_length(header: bytes, seq: int, close: Callable[[], Any]) -> int:
    """The payload length a column description packet's ``header`` gives, checked as the drivers
    check a packet header (``close`` the session on a wrong sequence number, with their errors)."""
    if header[3] != seq:
        close()
        if header[3] == 0:  # the error packet of a server shutting down
            raise pymysql.err.OperationalError(CR_SERVER_LOST, "Lost connection to MySQL server during query")
        raise pymysql.err.InternalError(f"Packet sequence number wrong - got {header[3]} expected {seq}")
    length = header[0] | header[1] << 8 | header[2] << 16
    if length == pymysql.connections.MAX_PACKET_LEN:  # a description is never 16 MiB long
        close()
        raise pymysql.err.InternalError("Protocol error: a column description of 16 MiB")
    return length


def _raise_if_error(conn: Any, payload: bytes) -> None:
    """Raise the server's error when ``payload`` is an error packet, as the drivers do."""
    if payload[:1] == b"\xff":
        pymysql.protocol.MysqlPacket(payload, conn.encoding).raise_for_error()


def _read_payloads(conn: Any, count: int) -> tuple[list[bytes], bytes]:
    """The payloads of the session's next ``count`` packets, as ``Connection._read_packet`` reads
    them (sequence numbers checked, an error packet raised) without a packet object for each; and
    the packets' bytes, headers included (``_Descriptions.remember``)."""
    read = conn._read_bytes
    seq = conn._next_seq_id
    payloads = []
    received: list[bytes] = []
    for _ in range(count):
        header = read(4)
        length = _description_length(header, seq, conn._force_close)
        seq = conn._next_seq_id = (seq + 1) % 256
        payload = read(length)
        _raise_if_error(conn, payload)
        payloads.append(payload)
        received += (header, payload)
    return payloads, b"".join(received)


def _first_packet(received: bytes | bytearray) -> bytes | bytearray:
    """The first packet of ``received`` (its header and payload), or as much of it as is there."""
    if len(received) < 4:
        return received
    return received[: 4 + (received[0] | received[1] << 8 | received[2] << 16)]


def _peek(conn: Any) -> bytes:
    """The bytes the session has received and not read yet, waiting for some if there are none, as
    ``Connection._read_bytes`` waits (a failure closes the session, with its error)."""
    try:
        return cast(bytes, conn._rfile.peek(1))
    except OSError as exc:
        conn._force_close()
        raise pymysql.err.OperationalError(
            CR_SERVER_LOST, f"Lost connection to MySQL server during query ({exc})"
        ) from exc
    except BaseException:
        conn._force_close()
        raise


class _CheckedLoadResult(_DescribedResult):
    """PyMySQL's result reader, sending no file but the one the session's load wrote: a server (or
    whoever sits between it and the client) that asks for another file, or for one outside a LOAD,
    is refused and the session broken off, before any byte of the file is read."""

    def _read_load_local_packet(self, first_packet: Any) -> None:
        from pymysql.protocol import LoadLocalPacketWrapper

        conn: Any = self.connection
        refused = _refused_file(conn, LoadLocalPacketWrapper(first_packet).filename)
        if refused is not None:
            conn._force_close()  # the server waits for a file: no reply fits
            raise refused
        super()._read_load_local_packet(first_packet)  # type: ignore[misc]


def _refused_file(conn: Any, requested: bytes) -> OmniDBError | None:
    """The error refusing the local file a server asked ``conn`` for (``requested``, as the
    server named it), or None when it is the session's load's own file (``omnidb_load_file``)."""
    allowed = getattr(conn, "omnidb_load_file", None)
    if allowed is not None and requested == os.fsencode(allowed):
        return None
    return OmniDBError(
        f"refused to send the local file {requested.decode(errors='replace')!r} the server asked for: "
        + ("the load sends only its own file" if allowed else "this session sends a file only for a load")
    )


class DriverInternals:
    """What omnidb's session classes for one driver override or use beyond the driver's public API,
    checked once, at the driver's first session.

    Where the installed release lacks any of them (one omnidb was not tested on), omnidb does without
    them from then on, as ``consequence`` says: for PyMySQL (and aiomysql), sessions are the driver's
    own classes, which read as the driver does (each result's column descriptions parsed again), and
    bulk loads are refused, since the check of the file a server asks for is one of those overrides.
    Said once, as a warning; nothing else fails for it.
    """

    def __init__(
        self,
        driver: str,
        version: str,
        tested: str,
        internals: tuple[tuple[Any, str], ...],
        *,
        consequence: str = "they read as {driver} does (slower), and bulk loads are refused",
    ) -> None:
        self.driver = driver
        self.version = version
        self.tested = tested
        #: (owner, name): a class or module and its attribute; (a class, its method) and a name the
        #: method's code uses (an attribute it sets or reads); or None and an attribute each session
        #: has once connected (dotted: an attribute of that attribute).
        self.internals = internals
        self.consequence = consequence.format(driver=driver)
        #: What the installed release lacks, found at its first session (None: not checked yet).
        self.lacks: list[str] | None = None
        self._checking = threading.Lock()

    @property
    def usable(self) -> bool:
        """True unless the check found something missing (before the check too)."""
        return not self.lacks

    def fit(self, session: Any) -> bool:
        """:attr:`usable`, checking ``session`` (a first session of omnidb's own class) if not yet done."""
        if self.lacks is not None:
            return not self.lacks
        with self._checking:  # sessions opened at once: one check, one warning
            if self.lacks is not None:
                return not self.lacks
            lacks = [_internal(owner, name) for owner, name in self.internals if not _has(owner, name, session)]
            self.lacks = lacks
            if lacks:
                log.warning(
                    "%s %s lacks %s, which omnidb's sessions use: %s; omnidb was tested on %s %s",
                    self.driver, self.version, ", ".join(self.lacks), self.consequence, self.driver, self.tested,
                )  # fmt: skip
        return not self.lacks

    def refuse_loads(self) -> OmniDBError:
        """The error a bulk load meets on a release that lacks something."""
        return OmniDBError(
            f"bulk loads are off: {self.driver} {self.version} lacks {', '.join(self.lacks or ())}, through which "
            f"omnidb refuses any file but the load's own that a server asks for; use create_<r>s, or {self.driver} "
            f"{self.tested}, which omnidb was tested on"
        )


def _has(owner: Any, name: str, session: Any) -> bool:
    if isinstance(owner, tuple):
        code = getattr(getattr(owner[0], owner[1], None), "__code__", None)
        return code is not None and name in code.co_names
    if owner is not None:
        return hasattr(owner, name)
    for part in name.split("."):
        if not hasattr(session, part):
            return False
        session = getattr(session, part)
    return True


def _internal(owner: Any, name: str) -> str:
    if isinstance(owner, tuple):
        return f"{owner[0].__name__}.{owner[1]} using {name}"
    return f"{getattr(owner, '__name__', 'session')}.{name}"


#: What :func:`read_row` reads of a PyMySQL packet (aiomysql's packets are PyMySQL's).
_PACKET_INTERNALS: tuple[tuple[Any, str], ...] = (
    ((pymysql.protocol.MysqlPacket, "read"), "_data"),
    ((pymysql.protocol.MysqlPacket, "read"), "_position"),
)
#: True when :func:`read_row` may read this PyMySQL's packets; omnidb.aio's aiomysql sessions, which
#: never meet ``PYMYSQL``'s check, read rows with it only then.
ROWS_READ_INLINE = all(_has(owner, name, None) for owner, name in _PACKET_INTERNALS)

#: What ``_PyMySQLConnection``, ``_DescribedResult`` and ``_CheckedLoadResult`` override or use: the
#: result attributes a kept description sets must be those PyMySQL's parse sets and its rows read,
#: and a row is read from the packet's own bytes and position.
PYMYSQL = DriverInternals(
    "PyMySQL",
    pymysql.__version__,
    "1.1.0 to 1.2.4",
    (
        (pymysql.connections.Connection, "_read_query_result"),
        (pymysql.connections.Connection, "_read_packet"),
        (pymysql.connections.Connection, "_read_bytes"),
        (pymysql.connections.Connection, "_force_close"),
        (pymysql.connections.MySQLResult, "_get_descriptions"),
        (pymysql.connections.MySQLResult, "_read_load_local_packet"),
        (pymysql.connections.MySQLResult, "init_unbuffered_query"),
        (pymysql.connections.MySQLResult, "_read_row_from_packet"),
        *_PACKET_INTERNALS,
        ((pymysql.connections.MySQLResult, "_get_descriptions"), "fields"),
        ((pymysql.connections.MySQLResult, "_get_descriptions"), "description"),
        ((pymysql.connections.MySQLResult, "_get_descriptions"), "converters"),
        ((pymysql.connections.MySQLResult, "_read_row_from_packet"), "converters"),
        (pymysql.connections, "MAX_PACKET_LEN"),
        (pymysql.converters, "through"),
        (pymysql.protocol, "LoadLocalPacketWrapper"),
        (None, "_rfile"),
        (None, "_next_seq_id"),
        (None, "_local_infile"),
    ),
)


def _connect_pymysql(config: Config, tls: ssl.SSLContext | None, local_infile: bool = False) -> Connection:
    ours = PYMYSQL.usable
    if local_infile and not ours:
        raise PYMYSQL.refuse_loads()
    conn = _connect_pymysql_as(
        _PyMySQLConnection if ours else pymysql.connections.Connection, config, tls, local_infile
    )
    if ours and not PYMYSQL.fit(conn):  # the first session found something missing: PyMySQL's own class
        close_quietly(conn)
        return _connect_pymysql(config, tls, local_infile)
    return conn


def _connect_pymysql_as(kind: Any, config: Config, tls: ssl.SSLContext | None, local_infile: bool) -> Connection:
    return kind(  # type: ignore[no-any-return]
        host=config.host,
        port=config.port,
        user=config.user,
        password=config.password,
        database=config.database,
        unix_socket=config.unix_socket,
        charset="utf8mb4",
        autocommit=True,
        connect_timeout=config.connect_timeout,
        read_timeout=config.read_timeout,
        write_timeout=config.write_timeout,
        init_command=_INIT_COMMAND + cluster.session_settings(config),
        cursorclass=pymysql.cursors.DictCursor,
        # UPDATE reports rows matched, not rows changed: an update that sets a value the row
        # already holds still proves the row exists.
        client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
        # An SSLContext makes PyMySQL require TLS (1.2+ refuses a plaintext server before the login).
        ssl=tls,
        local_infile=local_infile,
    )


def _connect_mysqlclient(config: Config) -> Connection:
    """The same session through mysqlclient (MySQLdb), the C driver: same settings, same behaviour."""
    import MySQLdb
    import MySQLdb.constants.CLIENT
    import MySQLdb.cursors

    options: dict[str, Any] = {
        # Connector/C uses unix_socket only for the host "localhost": with another, it would go over
        # TCP to it, silently, where the DSN names a socket (PyMySQL and the async drivers take the
        # socket whatever the host).
        "host": "localhost" if config.unix_socket else config.host,
        "port": config.port,
        "user": config.user,
        "password": config.password,
        "charset": "utf8mb4",
        "autocommit": True,
        # The C client counts whole seconds.
        "connect_timeout": max(1, round(config.connect_timeout)),
        "read_timeout": max(1, round(config.read_timeout)),
        "write_timeout": max(1, round(config.write_timeout)),
        "init_command": _INIT_COMMAND + cluster.session_settings(config),
        "cursorclass": MySQLdb.cursors.DictCursor,
        "client_flag": MySQLdb.constants.CLIENT.FOUND_ROWS,
    }
    if config.database:
        options["database"] = config.database
    if config.unix_socket:
        options["unix_socket"] = config.unix_socket
    if config.tls_required:
        # Verification without ssl_ca uses the system's trust store, where Python's OpenSSL finds
        # it (honouring SSL_CERT_FILE and SSL_CERT_DIR); Connector/C would otherwise verify nothing.
        if config.ssl_ca:
            options["ssl"] = {"ca": config.ssl_ca}
        else:
            options["ssl"] = _system_trust_store() if config.verifies_certificate else {}
        options["ssl_mode"] = (
            "VERIFY_IDENTITY"
            if config.ssl_verify_identity
            else "VERIFY_CA"
            if config.verifies_certificate
            else "REQUIRED"
        )
    # mysqlclient's connection offers every method and attribute omnidb uses on PyMySQL's.
    return cast(Connection, MySQLdb.connect(**options))


def _system_trust_store() -> dict[str, str]:
    paths = ssl.get_default_verify_paths()
    if paths.cafile and os.path.isfile(paths.cafile):
        return {"ca": paths.cafile}
    return {"capath": paths.capath or "/etc/ssl/certs"}


def closed_while_idle(conn: Connection) -> bool:
    """True when an idle session's socket has something to read: the server closed it meanwhile.
    A session whose socket cannot be reached (a PyMySQL release without ``_sock``) is asked by a
    ping instead, never reconnecting."""
    try:
        if hasattr(conn, "_sock"):  # PyMySQL's; None once PyMySQL closed it
            sock = conn._sock
            return sock is None or bool(readable_now([sock.fileno()], [], [], 0)[0])
        fileno = getattr(conn, "fileno", None)  # mysqlclient's
        if fileno is None:
            return not _answers(conn)
        return bool(readable_now([fileno()], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _answers(conn: Any) -> bool:
    try:
        conn.ping(False)
        return True
    except Exception:
        return False


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise driver errors raised in the block as their omnidb class (:func:`omnidb.errors.translate`)."""
    try:
        yield
    except DRIVER_ERRORS as exc:
        raise translate(exc) from exc


def rollback_quietly(conn: Connection) -> bool:
    try:
        conn.rollback()
        return True
    except Exception:
        return False


def close_quietly(conn: Connection) -> None:
    with suppress(Exception):
        conn.close()
