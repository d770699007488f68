"""Bulk loads: many rows in one ``LOAD DATA LOCAL INFILE`` (``load_apps``, ``load_metrics``...).

``create_apps`` sends multi-row INSERTs: the driver escapes every value in Python and the server
parses the statement text. A load writes the same rows to a file and hands the server the file,
which it reads as data (how much faster: ``python bench/run.py``, docs/performance.md).

How a load runs:

1. A session of its own opens, allowed to send a local file (:func:`omnidb.session.open_loading_session`):
   the server may ask such a session for any file the process can read, so no pooled session is
   ever one; this one runs the load alone and is closed after it.
2. Where the server refuses ``LOAD DATA LOCAL`` (``local_infile`` OFF, MySQL 8.0's default), the
   rows go through the writer's multi-row INSERTs instead (``create_apps``), in one transaction on
   a pooled session as ever, and a line on the ``omnidb`` logger says so once per process.
3. Every row is checked as ``create_apps`` checks it (``Resource.checked_rows``: the same
   ``InvalidInput`` naming row and column) and written, as it is read, to a private temporary
   file (mode 0600, deleted after): UTF-8, one row per line, fields tab-separated, ``\\N`` for
   NULL, backslash escapes. The rows are never all in memory at once.
4. In one transaction: the ``load_<r>s_bulk`` query of the resource (its columns are those of
   ``create_<r>s_bulk``, in the same order: a test checks), then ``SHOW WARNINGS``. LOAD DATA LOCAL
   only warns where an INSERT fails (a duplicate key or a missing parent skips the row, a bad
   value is changed): any warning rolls the whole load back and is raised as the error the INSERT
   would have raised (``Conflict``, ``ForeignKeyViolation``, ``InvalidInput``...). Else it
   commits: all rows or none.

A load cannot join the caller's transaction (it runs on its own session): called with a
``Transaction`` it is an error; the INSERT writer joins one.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pymysql.err

from omnidb import cluster, registry
from omnidb.errors import InvalidInput, OmniDBError
from omnidb.session import Connection, close_quietly, open_loading_session, rollback_quietly, translated
from omnidb.transaction import Transaction

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
    if kind is bool:
        return "1" if value else "0"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)  # the shortest text that reads back as the same double
    if kind is datetime or kind is date or kind is time:
        return value.isoformat(" ") if kind is datetime else value.isoformat()  # type: ignore[no-any-return]
    if kind is Decimal:
        return format(value, "f")  # never exponent notation
    if kind is timedelta:
        seconds = int(value.total_seconds())
        return f"{'-' if seconds < 0 else ''}{abs(seconds) // 3600}:{abs(seconds) // 60 % 60:02}:{abs(seconds) % 60:02}"
    if isinstance(value, enum.Enum):
        return field(value.value)
    raise InvalidInput(f"a bulk load cannot write a {kind.__name__} value ({value!r})")


def write_rows(resource: Resource[Any], rows: Iterable[Mapping[str, Any]], writer: str, handle: Any) -> int:
    """Check each row and write it to ``handle`` (a text file); return how many were written."""
    count = 0
    for bound in resource.checked_rows(rows, writer):
        handle.write("\t".join([field(value) for value in bound.values()]))
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


def check_load(warnings: list[dict[str, Any]], loaded: int, written: int, writer: str) -> None:
    """Raise unless the LOAD took every row written as written (the caller then rolls it back).

    With LOCAL, the server cannot stop the client's file midway, so it reports as warnings what an
    INSERT fails with: a duplicate key (1062) or a missing parent row (1452) skips the row, a bad
    value is changed. The first warning is raised as that error, which gives what ``create_<r>s``
    gives (``Conflict``, ``ForeignKeyViolation``, ``InvalidInput``...). Without one, a count of rows
    loaded other than the count written is an error too.
    """
    if warnings:
        first = warnings[0]
        raise pymysql.err.MySQLError(int(first["Code"]), f"{first['Message']} (LOAD DATA; nothing was inserted)")
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
    config = executor.config
    conn = open_loading_session(config)
    try:
        with translated():
            allowed = bool(registry.core_file("loading").local_infile_allowed(conn))
        if not allowed:
            close_quietly(conn)
            say_refused(config.safe_dsn(), writer, bulk.name)
            return resource.bulk(executor, rows, writer)
        return _load_on(resource, conn, config, rows, writer)
    finally:
        close_quietly(conn)


def _load_on(
    resource: Resource[Any], conn: Connection, config: Any, rows: Iterable[Mapping[str, Any]], writer: str
) -> int:
    fd, path = tempfile.mkstemp(prefix=f"omnidb-{resource.plural}-", suffix=".tsv")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            count = write_rows(resource, rows, writer, handle)
        if not count:
            return 0
        query = resource.query(f"load_{resource.plural}_bulk")
        with translated():
            conn.begin()
            try:
                with resource.write_errors({}):
                    loaded = int(query(conn, path=path))
                    check_load(list(registry.core_file("loading").load_warnings(conn)), loaded, count, writer)
                conn.commit()
            except BaseException:
                rollback_quietly(conn)
                raise
            cluster.after_commit(config, conn)
        return loaded
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
