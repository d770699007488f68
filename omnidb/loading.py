"""Bulk loads: many rows in one ``LOAD DATA LOCAL INFILE`` (``load_apps``, ``load_metrics``...).

``create_apps`` sends multi-row INSERTs: the driver escapes every value in Python and the server
parses the statement text. A load writes the same rows to a file and hands the server the file,
which it reads as data (how much faster: ``python bench/run.py``, docs/performance.md).

How a load runs:

1. Where it cannot, the rows go through the writer's multi-row INSERTs (``create_apps``) instead,
   in one transaction on a pooled session as ever, said once per server on the ``omnidb`` logger:
   on mysqlclient (Connector/C sends whatever file the server names: see 4), and where the server
   refuses ``LOAD DATA LOCAL`` (``@@GLOBAL.local_infile`` OFF, MySQL 8.0's default; asked on a
   pooled session).
2. Every row is checked as ``create_apps`` checks it (``Resource.checked_rows``: the same
   ``InvalidInput`` naming row and column) and written, as it is read, to a private temporary
   file (mode 0600, deleted after, whatever happens): UTF-8, one row per line, fields
   tab-separated, ``\\N`` for NULL, backslash escapes. The rows are never all in memory at once.
3. Then a session of its own opens, allowed to send a local file
   (:func:`omnidb.session.open_loading_session`); no pooled session is ever one.
4. A server can answer any statement of such a session with a request for any file the process can
   read, and PyMySQL sends the file it names. On omnidb's sessions (``_CheckedLoadResult`` in
   ``omnidb/session.py``) the file must be the load's own, asked for during its LOAD: any other
   request is refused and the session broken off before a byte is read.
5. In one transaction: the ``load_<r>s_bulk`` query of the resource (its columns are those of
   ``create_<r>s_bulk``, in the same order: a test checks), then ``SHOW WARNINGS``. LOAD DATA LOCAL
   only warns where an INSERT fails (a duplicate key or a missing parent skips the row, a bad
   value is changed): a warning (a note is no failure of an INSERT either) rolls the whole load
   back and is raised as the error the INSERT would have raised (``Conflict``,
   ``ForeignKeyViolation``, ``InvalidInput``...), and so is a count of rows loaded other than the
   count written. Else it commits: all rows or none. A connection lost during the COMMIT is
   ``ConnectionLost`` saying the outcome is unknown.

A load cannot join the caller's transaction (it runs on its own session): called with a
``Transaction`` it is an error; the INSERT writer joins one. The async API loads the same way on
aiomysql (``omnidb/aio/loading.py``).
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pymysql.err

from omnidb import cluster, registry
from omnidb.errors import ConnectionLost, InvalidInput, OmniDBError
from omnidb.session import Connection, close_quietly, open_loading_session, rollback_quietly, translated
from omnidb.transaction import Transaction, refuse_async, run_read

if TYPE_CHECKING:
    from omnidb.resource import Bulk, Resource

log = logging.getLogger("omnidb")

# What LOAD DATA's ESCAPED BY '\\' reads back: the escape character itself, the field and line
# terminators, carriage return and NUL.
_SPECIAL = re.compile(r"[\\\t\n\r\0]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"})
NULL = "\\N"


def field(value: Any) -> str:
    """One value as a field of the load file (what ``load_<r>s_bulk`` reads back)."""
    kind = type(value)
    if kind is str:
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value  # type: ignore[no-any-return]
    if value is None:
        return NULL
    if kind is int:
        return str(value)
    return _other_field(value)


def _other_field(value: Any) -> str:
    # Past the common cases: subclasses too (a pendulum DateTime, a str enum...), as an INSERT takes them.
    if isinstance(value, enum.Enum):
        return field(value.value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, str):
        return field(str.__str__(value))
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))  # the shortest text that reads back as the same double
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # never exponent notation
    if isinstance(value, timedelta):
        sign = "-" if value < timedelta(0) else ""
        micros = abs(value) // timedelta(microseconds=1)
        seconds, fraction = divmod(micros, 1_000_000)
        text = f"{sign}{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"
        return f"{text}.{fraction:06}" if fraction else text
    raise InvalidInput(f"a bulk load cannot write a {type(value).__name__} value ({value!r})")


def write_rows(resource: Resource[Any], rows: Iterable[Mapping[str, Any]], writer: str, handle: Any) -> int:
    """Check each row and write it to ``handle`` (a text file); return how many were written."""
    count = 0
    for bound in resource.checked_rows(rows, writer):
        handle.write("\t".join([field(value) for value in bound]))
        handle.write("\n")
        count += 1
    return count


_refused_once: set[str] = set()


def say_refused(where: str, writer: str, fallback: str, why: str = "local_infile is OFF there") -> None:
    """Log, once per server and process, that a load goes through INSERTs there instead."""
    if where not in _refused_once:
        _refused_once.add(where)
        log.info(
            "%s: no LOAD DATA LOCAL on %s (%s): the rows go through %s's INSERTs instead", writer, where, why, fallback
        )


_AT_ROW = re.compile(r"\bat row (\d+)")


def check_load(warnings: list[dict[str, Any]], loaded: int, written: int, writer: str) -> None:
    """Raise unless the LOAD took every row written as written (the caller then rolls it back).

    With LOCAL, the server cannot stop the client's file midway, so it reports as warnings what an
    INSERT fails with: a duplicate key (1062) or a missing parent row (1452) skips the row, a bad
    value is changed. The first warning is raised as that error, which gives what ``create_<r>s``
    gives (``Conflict``, ``ForeignKeyViolation``, ``InvalidInput``...). Without one, a count of rows
    loaded other than the count written is an error too.
    """
    problems = [w for w in warnings if str(w["Level"]).lower() != "note"]  # a note (a DECIMAL rounded) fails no INSERT
    if problems:
        first = problems[0]
        # The server counts the file's lines from 1; the rows given, and omnidb's own checks, from 0.
        message = _AT_ROW.sub(lambda found: f"at row {int(found.group(1)) - 1}", str(first["Message"]))
        raise pymysql.err.MySQLError(
            int(first["Code"]), f"{message} (LOAD DATA, rows counted from 0 as given; nothing was inserted)"
        )
    if loaded != written:
        raise OmniDBError(f"{writer}: the server loaded {loaded} of the {written} rows written; nothing was inserted")


def writer_of(resource: Resource[Any], executor: Any, transaction: type) -> tuple[str, Bulk]:
    """The name of the load of ``resource`` and its bulk declaration; ``OmniDBError`` when it declares
    none or ``executor`` is a ``transaction`` (a load cannot join one: it runs on its own session)."""
    bulk = resource.bulk_insert
    if bulk is None or not bulk.load:
        raise OmniDBError(f"{resource.plural} declares no bulk load")
    writer = f"load_{resource.plural}"
    if isinstance(executor, transaction):
        raise OmniDBError(
            f"{writer} runs in a transaction of its own, on a session of its own: call it with the Database, "
            f"outside the transaction ({bulk.name} joins a transaction)"
        )
    return writer, bulk


def load(resource: Resource[Any], executor: Any, rows: Iterable[Mapping[str, Any]]) -> int:
    """Run the bulk load of ``resource`` (see the module's docstring); return the rows inserted."""
    writer, bulk = writer_of(resource, executor, Transaction)
    config = refuse_async(executor).config
    if config.driver != "pymysql":
        # Connector/C sends whatever file the server names; omnidb checks the name on PyMySQL only.
        say_refused(config.safe_dsn(), writer, bulk.name, why="mysqlclient: omnidb cannot check which file is sent")
        return resource.bulk(executor, rows, writer)
    allowed = run_read(executor, lambda conn: bool(registry.core_file("loading").local_infile_allowed(conn)))
    if not allowed:
        say_refused(config.safe_dsn(), writer, bulk.name)
        return resource.bulk(executor, rows, writer)
    with load_file(resource) as path:
        count = write_file(resource, rows, writer, path)
        if not count:
            return 0
        # The session that may send the file opens once the file is written, for the LOAD alone.
        conn = open_loading_session(config)
        try:
            return _load_on(resource, conn, config, path, count, writer)
        finally:
            close_quietly(conn)


@contextlib.contextmanager
def load_file(resource: Resource[Any]) -> Iterator[str]:
    """The path of a private temporary file (mode 0600) for a load of ``resource``, for the block;
    the file is removed after, whatever happens."""
    fd, path = tempfile.mkstemp(prefix=f"omnidb-{resource.plural}-", suffix=".tsv")
    os.close(fd)
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def write_file(resource: Resource[Any], rows: Iterable[Mapping[str, Any]], writer: str, path: str) -> int:
    """Check the rows and write them to the load file ``path``; return how many were written."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        return write_rows(resource, rows, writer, handle)


def lost_commit(writer: str, exc: ConnectionLost) -> ConnectionLost:
    """The error of a load whose COMMIT lost the connection: the outcome is unknown."""
    return ConnectionLost(
        f"{writer}: the connection was lost during COMMIT: the load may or may not have been committed; "
        f"count the rows before loading them again ({exc})",
        code=exc.code,
    )


def _load_on(resource: Resource[Any], conn: Connection, config: Any, path: str, count: int, writer: str) -> int:
    query = resource.query(f"load_{resource.plural}_bulk")
    with translated():
        conn.begin()
        try:
            with resource.write_errors({}):
                conn.omnidb_load_file = path  # type: ignore[attr-defined]  # the one file it may send
                try:
                    loaded = int(query(conn, path=path))
                finally:
                    conn.omnidb_load_file = None  # type: ignore[attr-defined]
                check_load(list(registry.core_file("loading").load_warnings(conn)), loaded, count, writer)
        except BaseException:
            rollback_quietly(conn)
            raise
    try:
        with translated():
            conn.commit()
    except ConnectionLost as exc:
        raise lost_commit(writer, exc) from exc
    cluster.after_commit(config, conn)
    return loaded
