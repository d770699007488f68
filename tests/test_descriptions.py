"""Column descriptions parsed once per session (omnidb/session.py, ``_DescribedResult``): what a
session reads is what PyMySQL alone reads, result after result, also when a table changes under
the same statement."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterator
from typing import Any

import attrs
import hypothesis
import hypothesis.strategies as st
import pymysql
import pymysql.constants
import pymysql.cursors
import pytest

from omnidb.config import Config
from omnidb.session import _DESCRIBED_COLUMNS, open_connection

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("OMNIDB_TEST_DRIVER", "pymysql") != "pymysql",
    reason="the cache is in omnidb's PyMySQL sessions; mysqlclient parses descriptions in C",
)

QUERIES = [
    "SELECT * FROM kinds ORDER BY id",
    "SELECT id, name, note, id AS again, kinds.name AS name2 FROM kinds ORDER BY id",
    "SELECT a.id, b.id, a.name, b.name FROM kinds a JOIN kinds b ON b.id = a.id ORDER BY a.id",
    "SELECT doc, JSON_EXTRACT(doc, '$.a') AS j, raw, JSON_OBJECT('k', name) AS o FROM kinds ORDER BY id",
    "SELECT COUNT(*) AS n, SUM(price) AS total, MAX(seen_at) AS last FROM kinds",
    "SELECT 1 AS one, NULL AS nothing, 'é' AS accent, X'00ff' AS bytes, 1.5 AS decimal_value",
    "SELECT * FROM kinds WHERE id < 0",
    # Each size of a value's length: one byte (up to 250), then 2 (252) or 3 (253) bytes after a marker.
    "SELECT '' AS empty, REPEAT('a', 250) AS v250, REPEAT('b', 251) AS v251, REPEAT('é', 300) AS accents,"
    " REPEAT('c', 65535) AS v65535, REPEAT('d', 65536) AS v65536, NULL AS n, X'' AS no_bytes FROM kinds",
]


@pytest.fixture
def config(empty_config: Config) -> Iterator[Config]:
    conn = open_connection(empty_config)
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TABLE kinds (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, note TEXT NULL,"
            " price DECIMAL(10, 2) NULL, seen_at DATETIME(6) NULL, doc JSON NULL, raw VARBINARY(8) NULL,"
            " flag TINYINT(1) NULL, kind ENUM('a', 'b') NULL)"
        )
        cur.execute(
            "INSERT INTO kinds VALUES (1, 'one', NULL, 1.25, '2026-01-02 03:04:05.000006', '{\"a\": [1]}',"
            " X'0001', 1, 'a'), (2, 'twö', 'a note', NULL, NULL, NULL, NULL, 0, 'b')"
        )
    conn.close()
    yield empty_config


def plain(config: Config, cursorclass: Any = pymysql.cursors.DictCursor) -> Any:
    """PyMySQL alone, on the same server and database with omnidb's session settings."""
    from omnidb.session import INIT_COMMAND

    return pymysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password or "",
        database=config.database, charset="utf8mb4", autocommit=True, init_command=INIT_COMMAND,
        cursorclass=cursorclass,
    )  # fmt: skip


def parsed(cur: Any) -> list[tuple[Any, ...]]:
    """What the driver parsed of each column of the cursor's result."""
    return [(f.name, f.table_name, f.org_table, f.org_name, f.db, f.charsetnr, f.length, f.type_code, f.flags,
             f.scale) for f in cur._result.fields]  # fmt: skip


def read(conn: Any, sql: str, cursorclass: Any = None) -> tuple[Any, Any, list[tuple[Any, ...]]]:
    """The cursor's description and rows, and what PyMySQL parsed of each column."""
    with conn.cursor(cursorclass) as cur:
        cur.execute(sql)
        return cur.description, list(cur.fetchall()), parsed(cur)


@pytest.mark.parametrize("cursorclass", [None, pymysql.cursors.Cursor, pymysql.cursors.SSCursor])
def test_every_result_is_what_pymysql_alone_reads(config: Config, cursorclass: Any) -> None:
    ours, theirs = open_connection(config), plain(config)
    try:
        for _ in range(3):  # parsed, then twice from the session's cache
            for sql in QUERIES:
                assert read(ours, sql, cursorclass) == read(theirs, sql, cursorclass), sql
    finally:
        ours.close()
        theirs.close()


def test_a_description_is_parsed_once_per_session(config: Config) -> None:
    conn = open_connection(config)
    try:
        with conn.cursor() as cur:
            cur.execute(QUERIES[0])
            first = cur._result.fields
            cur.execute(QUERIES[1])
            cur.execute(QUERIES[0])
            assert cur._result.fields is first
            assert cur.fetchall()[1]["name"] == "twö"
    finally:
        conn.close()


def test_a_changed_column_is_read_as_it_now_is(config: Config) -> None:
    conn = open_connection(config)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT note FROM kinds WHERE id = 1")
            cur.execute("UPDATE kinds SET note = '2026-03-04 05:06:07'")
            cur.execute("SELECT note FROM kinds WHERE id = 1")
            assert cur.fetchall() == [{"note": "2026-03-04 05:06:07"}]
            cur.execute("ALTER TABLE kinds MODIFY note DATETIME NULL")
            cur.execute("SELECT note FROM kinds WHERE id = 1")
            assert cur.fetchall() == [{"note": datetime.datetime(2026, 3, 4, 5, 6, 7)}]
            cur.execute("ALTER TABLE kinds CHANGE price cost DECIMAL(12, 3) NULL")
            cur.execute("SELECT * FROM kinds WHERE id = 1")
            row = cur.fetchall()[0]
            assert row["cost"] == decimal.Decimal("1.250") and "price" not in row
    finally:
        conn.close()


def test_a_session_keeps_a_bounded_number_of_columns_the_oldest_going_first(config: Config) -> None:
    conn = open_connection(config)
    width = 100
    try:
        with conn.cursor() as cur:
            for n in range(_DESCRIBED_COLUMNS // width + 5):
                cur.execute("SELECT " + ", ".join(f"{n} AS c{n}_{i}" for i in range(width)))
                assert cur.fetchall()[0][f"c{n}_{width - 1}"] == n
            kept = conn.omnidb_descriptions  # type: ignore[attr-defined]
            assert kept.columns == sum(len(fields) for fields, _, _ in kept.entries.values()) <= _DESCRIBED_COLUMNS
            assert len(kept.entries) == _DESCRIBED_COLUMNS // width  # the newest
            cur.execute("SELECT " + ", ".join(f"1 AS w{i}" for i in range(_DESCRIBED_COLUMNS + 1)))
            assert len(cur.fetchall()[0]) == _DESCRIBED_COLUMNS + 1  # read, not kept
            assert kept.columns <= _DESCRIBED_COLUMNS
            # the packets kept for taking off the buffer at once went with their entries
            assert kept.blocks and all(key in kept.entries for listed in kept.blocks.values() for _, key in listed)
            assert sum(kept.wheres.values()) == sum(map(len, kept.blocks.values()))
    finally:
        conn.close()


class _Received:
    """A session's buffered reader that shows ``peek`` only the first ``shown`` bytes it holds (a
    reply split across network reads); ``read`` reads on as ever, counted."""

    def __init__(self, real: Any, shown: int | None) -> None:
        self.real, self.shown, self.reads = real, shown, 0

    def peek(self, size: int) -> bytes:
        return bytes(self.real.peek(size)[: self.shown])

    def read(self, size: int) -> bytes:
        self.reads += 1
        return bytes(self.real.read(size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def test_many_column_lists_of_one_width_are_each_taken_off_at_once(config: Config) -> None:
    """Kept packets are found by their first column's, not by trying every list of that width."""
    conn = open_connection(config)
    try:
        lists = [f"SELECT {n} AS c{n}" for n in range(40)]
        for sql in lists:
            read(conn, sql)
        received = conn._rfile = _Received(conn._rfile, None)  # type: ignore[attr-defined]
        for n, sql in enumerate(lists):
            received.reads = 0
            assert read(conn, sql)[1] == [{f"c{n}": n}]
            assert received.reads == 2 * 4 + 1  # the column count, an EOF, the row, an EOF; the list at once
        kept = conn.omnidb_descriptions  # type: ignore[attr-defined]
        assert max(map(len, kept.blocks.values())) == 1
    finally:
        conn.close()


@pytest.mark.parametrize("shown", [None, 0, 40], ids=["whole", "none-yet", "split"])
def test_descriptions_seen_before_are_taken_off_the_buffer_at_once_or_read_as_ever(
    config: Config, shown: int | None
) -> None:
    """A column list the session has read before, byte for byte, waiting in its buffer whole, is
    taken off at once (one read, not two per column); one the buffer holds only part of yet is read
    packet by packet. Either way the result is PyMySQL's own."""
    ours, theirs = open_connection(config), plain(config)
    try:
        sql = QUERIES[0]
        read(ours, sql)
        received = ours._rfile = _Received(ours._rfile, shown)  # type: ignore[attr-defined]
        for _ in range(2):
            received.reads = 0
            got = read(ours, sql)
            assert got == read(theirs, sql)
            # 2 for each packet of the reply but the descriptions: the column count, an EOF, 2 rows, an EOF
            others = 2 * 5
            assert received.reads == (others + 1 if shown is None else others + 2 * len(got[0]))
    finally:
        ours.close()
        theirs.close()


def test_converters_follow_the_sessions_decoders_as_pymysql_does(config: Config) -> None:
    ours, theirs = open_connection(config), plain(config)
    try:
        for conn in (ours, theirs):
            for float_decimals in (False, True):
                if float_decimals:  # a user's own decoder, set on a session already used
                    conn.decoders = {**conn.decoders, pymysql.constants.FIELD_TYPE.NEWDECIMAL: float}
                with conn.cursor() as cur:
                    cur.execute("SELECT price FROM kinds WHERE id = 1")
                    assert cur.fetchall() == [{"price": 1.25 if float_decimals else decimal.Decimal("1.25")}]
    finally:
        ours.close()
        theirs.close()


def test_several_result_sets_and_a_failing_streamed_statement(config: Config) -> None:
    conn = open_connection(config)
    try:
        with conn.cursor() as cur:
            cur.execute("CREATE PROCEDURE two() BEGIN SELECT id FROM kinds ORDER BY id; SELECT name FROM kinds; END")
            for _ in range(2):
                cur.execute("CALL two()")
                assert cur.fetchall() == [{"id": 1}, {"id": 2}]
                assert cur.nextset() and len(cur.fetchall()) == 2
            # Kept packets: only column lists that open a reply (not one per place in a CALL's replies).
            kept = conn.omnidb_descriptions  # type: ignore[attr-defined]
            assert all(where[3] == 2 for where in kept.blocks)
            assert sum(map(len, kept.blocks.values())) <= len(kept.entries)
        for _ in range(2):
            with (
                conn.cursor(pymysql.cursors.SSCursor) as cur,
                pytest.raises(pymysql.err.OperationalError, match="Unknown column"),
            ):
                cur.execute("SELECT nope FROM kinds")
            with conn.cursor(pymysql.cursors.SSCursor) as cur:
                cur.execute(QUERIES[0])
                assert [row[0] for row in cur.fetchall()] == [1, 2]  # the session goes on at once
    finally:
        conn.close()


def test_a_loading_session_caches_descriptions_too(config: Config) -> None:
    from omnidb.session import open_loading_session

    conn = open_loading_session(attrs.evolve(config))
    try:
        for _ in range(2):
            assert read(conn, QUERIES[0])[1][0]["price"] == decimal.Decimal("1.25")
        assert conn.omnidb_descriptions  # type: ignore[attr-defined]
    finally:
        conn.close()


def test_the_installed_pymysql_has_every_internal_omnidb_relies_on(config: Config) -> None:
    from omnidb.session import PYMYSQL, DriverInternals

    conn = open_connection(config)
    try:
        fresh = DriverInternals("PyMySQL", pymysql.__version__, PYMYSQL.tested, PYMYSQL.internals)
        assert fresh.fit(conn) and fresh.lacks == []  # else every session silently reads the slow way
        assert type(conn).__name__ == "_PyMySQLConnection"
    finally:
        conn.close()


def test_a_pymysql_lacking_an_internal_gives_its_own_sessions_which_read_alike_and_refuse_loads(
    config: Config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from omnidb import session
    from omnidb.errors import OmniDBError
    from omnidb.session import PYMYSQL, DriverInternals, open_loading_session

    release = DriverInternals(
        "PyMySQL",
        "9.9.9",
        PYMYSQL.tested,
        (*PYMYSQL.internals, ((pymysql.connections.MySQLResult, "read"), "omnidb_gone")),
    )
    monkeypatch.setattr(session, "PYMYSQL", release)
    with plain(config) as alone:
        expected = read(alone, QUERIES[0])
    sessions = [open_connection(config) for _ in range(3)]
    try:
        for conn in sessions:
            assert type(conn) is pymysql.connections.Connection  # PyMySQL's own class
            got = read(conn, QUERIES[0])
            assert got == expected and got[1][0]["price"] == decimal.Decimal("1.25")
    finally:
        for conn in sessions:
            conn.close()
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warned == [
        "PyMySQL 9.9.9 lacks MySQLResult.read using omnidb_gone, which omnidb's sessions use: they read as PyMySQL "
        "does (slower), and bulk loads are refused; omnidb was tested on PyMySQL 1.1.0 to 1.2.4"
    ]
    with pytest.raises(
        OmniDBError, match=r"^bulk loads are off: PyMySQL 9.9.9 lacks MySQLResult.read using omnidb_gone, "
    ):
        open_loading_session(config)


def test_a_session_attribute_missing_at_connect_time_falls_back_too(
    config: Config, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An attribute omnidb's class reads while the session connects (its init_command's result)
    must not fail the connect before the check can fall back."""
    from omnidb import session
    from omnidb.session import PYMYSQL, DriverInternals

    connect = pymysql.connections.Connection.connect

    def renamed(conn: Any, sock: Any = None) -> None:  # a release that calls _local_infile otherwise
        conn.local_files = conn.__dict__.pop("_local_infile")
        connect(conn, sock)

    monkeypatch.setattr(pymysql.connections.Connection, "connect", renamed)
    monkeypatch.setattr(session, "PYMYSQL", DriverInternals("PyMySQL", "9.9.9", PYMYSQL.tested, PYMYSQL.internals))
    conn = open_connection(config)
    try:
        assert type(conn) is pymysql.connections.Connection
        assert read(conn, QUERIES[0])[1][0]["price"] == decimal.Decimal("1.25")
    finally:
        conn.close()
    assert [r.getMessage()[:43] for r in caplog.records if r.levelname == "WARNING"] == [
        "PyMySQL 9.9.9 lacks session._local_infile, "
    ]


@pytest.mark.asyncio
async def test_omnidb_aio_sessions_on_aiomysql_read_what_aiomysql_alone_reads(config: Config) -> None:
    aiomysql = pytest.importorskip("aiomysql")
    from omnidb.aio.session import open_connection as open_async
    from omnidb.session import INIT_COMMAND

    async def read_async(conn: Any, sql: str, cursorclass: Any) -> tuple[Any, Any, list[tuple[Any, ...]]]:
        async with conn.cursor(cursorclass) as cur:
            await cur.execute(sql)
            return cur.description, list(await cur.fetchall()), parsed(cur)

    ours = await open_async(attrs.evolve(config, aio_driver="aiomysql"))
    theirs = await aiomysql.connect(
        host=config.host, port=config.port, user=config.user, password=config.password or "",
        db=config.database, charset="utf8mb4", autocommit=True, init_command=INIT_COMMAND,
        cursorclass=aiomysql.DictCursor,
    )  # fmt: skip
    try:
        for cursorclass in (aiomysql.DictCursor, aiomysql.Cursor, aiomysql.SSCursor):
            for _ in range(3):
                for sql in QUERIES:
                    assert await read_async(ours, sql, cursorclass) == await read_async(theirs, sql, cursorclass), sql
        async with ours.cursor() as cur:
            await cur.execute(QUERIES[0])
            first = cur._result.fields
            await cur.execute(QUERIES[1])
            await cur.execute(QUERIES[0])
            assert cur._result.fields is first
            await cur.execute("ALTER TABLE kinds MODIFY price VARCHAR(20) NULL")
            await cur.execute(QUERIES[0])
            assert (await cur.fetchall())[0]["price"] == "1.25"
    finally:
        ours.close()
        theirs.close()


def _length_coded(value: bytes | None) -> bytes:
    """``value`` as a row packet carries it (the protocol's length-encoded string; NULL is 251)."""
    if value is None:
        return b"\xfb"
    size = len(value)
    if size < 251:
        head = bytes([size])
    elif size < 1 << 16:
        head = b"\xfc" + size.to_bytes(2, "little")
    elif size < 1 << 24:
        head = b"\xfd" + size.to_bytes(3, "little")
    else:
        head = b"\xfe" + size.to_bytes(8, "little")
    return head + value


def _both_readings(values: list[bytes | None], converters: list[tuple[Any, Any]]) -> tuple[Any, Any]:
    """A row's packet read by omnidb's row reader and by PyMySQL's own, on the same bytes."""
    from omnidb.session import _DescribedResult

    payload = b"".join(map(_length_coded, values))
    readings = []
    for reader in (_DescribedResult, pymysql.connections.MySQLResult):
        result = reader.__new__(reader)  # the reader alone: no session, the row's bytes given
        result.converters, result.unbuffered_active = converters, False
        try:
            readings.append(reader._read_row_from_packet(result, pymysql.protocol.MysqlPacket(payload, "utf8")))
        except AssertionError as exc:
            readings.append(("AssertionError", str(exc)))
    return readings[0], readings[1]


# Long values are one byte repeated: each length's marker is what is tested, and random bytes of
# that size are slow to generate.
_LONG = st.builds(
    lambda size, byte: bytes([byte]) * size, st.sampled_from([251, 252, 65535, 65536]), st.integers(0, 255)
)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(
    st.lists(st.one_of(st.none(), st.binary(max_size=300), _LONG), max_size=12),
    st.integers(min_value=0, max_value=3),
)
def test_a_row_is_read_as_pymysql_reads_it_byte_for_byte(values: list[bytes | None], extra: int) -> None:
    # More converters than values: the row ends early, as PyMySQL reads it. Decoded and converted
    # columns alternate with raw ones.
    converters = [(None, None), ("latin1", None), (None, len), ("latin1", str.upper)] * 4
    ours, theirs = _both_readings(values, converters[: len(values) + extra])
    assert ours == theirs


def test_a_value_of_16_mib_and_a_cut_short_value_are_read_as_pymysql_reads_them() -> None:
    ours, theirs = _both_readings([b"x" * (1 << 24), None, b"y"], [(None, len)] * 3)
    assert ours == theirs == (1 << 24, None, 1)
    from omnidb.session import _DescribedResult

    cut = b"\xfc\x10\x00" + b"z" * 5  # says 16 bytes, holds 5
    result = _DescribedResult.__new__(_DescribedResult)
    result.converters, result.unbuffered_active = [(None, None)], False
    with pytest.raises(AssertionError, match=r"Expected=16\.  Actual=5"):
        result._read_row_from_packet(pymysql.protocol.MysqlPacket(cut, "utf8"))


class _AsyncReceived:
    """An aiomysql session's stream reader that shows omnidb only the first ``shown`` bytes of its
    buffer (a reply split across network reads); ``readexactly`` reads on as ever, counted."""

    def __init__(self, real: Any, shown: int | None) -> None:
        self.real, self.shown, self.reads = real, shown, 0

    @property
    def _buffer(self) -> bytearray:
        buffered: bytearray = self.real._buffer
        return buffered if self.shown is None else buffered[: self.shown]

    async def readexactly(self, size: int) -> bytes:
        self.reads += 1
        return bytes(await self.real.readexactly(size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.asyncio
@pytest.mark.parametrize("shown", [None, 0, 40], ids=["whole", "none-yet", "split"])
async def test_omnidb_aio_sessions_take_descriptions_seen_before_off_the_buffer_at_once(
    config: Config, shown: int | None
) -> None:
    pytest.importorskip("aiomysql")
    from omnidb.aio.session import open_connection as open_async

    ours = await open_async(attrs.evolve(config, aio_driver="aiomysql"))

    async def read_async() -> tuple[Any, list[Any]]:
        async with ours.cursor() as cur:
            await cur.execute(QUERIES[0])
            return cur.description, list(await cur.fetchall())

    try:
        first = await read_async()
        received = ours._reader = _AsyncReceived(ours._reader, shown)
        for _ in range(2):
            received.reads = 0
            assert await read_async() == first
            # 2 for each packet of the reply but the descriptions: the column count, an EOF, 2 rows, an EOF
            others = 2 * 5
            assert received.reads == (others + 1 if shown is None else others + 2 * len(first[0]))
    finally:
        ours.close()


_STAMPS = st.builds(
    lambda moment, digits: moment.isoformat(" ")[:19] + (f".{moment.microsecond:06d}"[: digits + 1] if digits else ""),
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31, 23, 59, 59)),
    st.integers(min_value=0, max_value=6),
)


@hypothesis.settings(max_examples=500, deadline=None)
@hypothesis.given(
    _STAMPS,
    st.integers(min_value=0, max_value=26),
    st.sampled_from(
        ["", "0", "9", "-", ":", " ", "T", ".", ",", "+", "a", "²", "+01:00", "0000000", "Z", "\x00", "Z\x00"]
    ),
    st.booleans(),
)
def test_omnidbs_datetime_converter_equals_pymysqls_for_every_value(
    stamp: str, place: int, other: str, as_bytes: bool
) -> None:
    from omnidb.session import convert_datetime

    # A value as the server sends it, and the same with one place changed: zero dates, a month
    # 13, an hour 24, another separator, a seventh digit of fraction; a time zone after the fraction
    # (which datetime.fromisoformat would take, and PyMySQL does not).
    zoned = [stamp[:19] + ".1" + zone for zone in ("Z", "+01", "-0100", "+01:00")] + [stamp[:17] + "Z\x00.1"]
    for text in (
        stamp,
        stamp[:place] + other + stamp[place + 1 :],
        "0000-00-00 00:00:00",
        "2026-02-30 00:00:00",
        *zoned,
    ):
        if as_bytes and not text.isascii():
            continue
        value: Any = text.encode() if as_bytes else text
        ours, theirs = convert_datetime(value), pymysql.converters.convert_datetime(value)
        assert (type(ours), ours) == (type(theirs), theirs), text
